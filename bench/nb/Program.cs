using System.Diagnostics;
using System.Globalization;
using Sysrec.Decoding;
ulong[] values = new ulong[1024];
var rnd = new Random(1);
for (int i = 0; i < values.Length; i++)
    values[i] = (i % 4) switch { 0 => (ulong)rnd.NextInt64(10_000_000_000_000, 90_000_000_000_000), 1 => 0x7ffd_5e1c_2000UL + (ulong)i, 2 => (ulong)rnd.Next(0, 100), _ => (ulong)rnd.Next(1000, 100000) };
byte[] buf = new byte[64 * 1024];
var res = new List<(double, double, double)>();
for (int round = 0; round < 21; round++)
{
    var sw = Stopwatch.StartNew();
    long n = 0;
    for (int r = 0; r < 3000; r++)
    {
        var w = new Utf8SpanWriter(buf);
        foreach (ulong v in values) { w.AppendDecimal(v); w.Append((byte)','); }
        n += values.Length;
    }
    double mine = sw.Elapsed.TotalNanoseconds / n;
    sw.Restart(); n = 0;
    for (int r = 0; r < 3000; r++)
    {
        int at = 0;
        foreach (ulong v in values) { v.TryFormat(buf.AsSpan(at), out int written, default, CultureInfo.InvariantCulture); at += written; buf[at++] = (byte)','; }
        n += values.Length;
    }
    double net = sw.Elapsed.TotalNanoseconds / n;
    sw.Restart(); n = 0;
    for (int r = 0; r < 3000; r++)
    {
        int at = 0;
        foreach (ulong v in values) { at = Old(buf, at, v); buf[at++] = (byte)','; }
        n += values.Length;
    }
    double old = sw.Elapsed.TotalNanoseconds / n;
    res.Add((mine, net, old));
}
Console.WriteLine($"min: new {res.Min(r => r.Item1):F1} ns, .NET {res.Min(r => r.Item2):F1} ns, old {res.Min(r => r.Item3):F1} ns");
Console.WriteLine($"median: new {res.Select(r => r.Item1).Order().ElementAt(10):F1} ns, .NET {res.Select(r => r.Item2).Order().ElementAt(10):F1} ns, old {res.Select(r => r.Item3).Order().ElementAt(10):F1} ns");

static int Old(Span<byte> buf, int at0, ulong magnitude)
{
    ReadOnlySpan<byte> DigitPairs = "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"u8;
    int digits = 1; ulong v = magnitude;
    for (; v >= 10_000; v /= 10_000) digits += 4;
    digits = v < 10 ? digits : v < 100 ? digits + 1 : v < 1000 ? digits + 2 : digits + 3;
    Span<byte> room = buf.Slice(at0, digits);
    int at = room.Length;
    ulong value = magnitude;
    for (; value >= 100; value /= 100)
    {
        int pair = 2 * (int)(value % 100);
        room[--at] = DigitPairs[pair + 1];
        room[--at] = DigitPairs[pair];
    }
    if (value >= 10) { room[--at] = DigitPairs[2 * (int)value + 1]; room[--at] = DigitPairs[2 * (int)value]; }
    else room[--at] = (byte)('0' + value);
    return at0 + digits;
}
