using System.Globalization;
using System.Text;
using Sysrec.Trace;

namespace Sysrec.Splitting;

/// <summary>
/// The name of a split's output file, <c>comm:pid.log</c>. A process chooses its own comm, so the comm is
/// encoded: printable ASCII stays, every other byte and '/', '%' and '~' become <c>%HH</c>, and so does a
/// first byte that would make the name hidden ('.'), an option to the tools given it ('-'), or a formula
/// in a spreadsheet showing the manifest ('=', '+', '@', and the quote that marks a cell as text). The
/// name then can never leave the output directory, and different comms never share a name.
/// </summary>
internal static class OutputFileName
{
    /// <summary>The longest file name Linux file systems take (NAME_MAX).</summary>
    public const int MaxLength = 255;

    // '~' and eight hex digits of the comm's hash. '~' itself is always encoded, so a shortened name can
    // never equal the name of a comm that happens to end the same way.
    private const int HashMarkLength = 9;

    public static string For(ReadOnlySpan<byte> comm, uint pid)
    {
        string suffix = string.Create(CultureInfo.InvariantCulture, $":{pid}.log");
        int room = MaxLength - suffix.Length;
        bool shorten = EncodedLength(comm) > room;
        if (shorten)
            room -= HashMarkLength;

        var name = new StringBuilder(MaxLength);
        foreach (byte b in comm)
        {
            bool kept = IsKept(b) && (name.Length > 0 || !IsRiskyFirst(b));
            if (name.Length + (kept ? 1 : 3) > room)
                break;
            if (kept)
                name.Append((char)b);
            else
                CommText.AppendPercentEncoded(name, b);
        }
        if (shorten)
            name.Append('~').Append(Fnv1a(comm).ToString("X8", CultureInfo.InvariantCulture));
        return name.Append(suffix).ToString();
    }

    private static bool IsKept(byte b) => b is >= 0x20 and <= 0x7E and not (byte)'/' and not (byte)'%' and not (byte)'~';

    private static bool IsRiskyFirst(byte b) => b is (byte)'.' or (byte)'-' or (byte)'=' or (byte)'+' or (byte)'@' or (byte)'\'';

    private static int EncodedLength(ReadOnlySpan<byte> comm)
    {
        int length = 0;
        for (int i = 0; i < comm.Length; i++)
            length += IsKept(comm[i]) && (i > 0 || !IsRiskyFirst(comm[i])) ? 1 : 3;
        return length;
    }

    // Stable across runs and platforms, unlike string.GetHashCode, so a shortened name is the same every time.
    private static uint Fnv1a(ReadOnlySpan<byte> bytes)
    {
        uint hash = 2166136261;
        foreach (byte b in bytes)
            hash = (hash ^ b) * 16777619;
        return hash;
    }
}
