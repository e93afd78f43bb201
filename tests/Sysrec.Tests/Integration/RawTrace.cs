using System.Globalization;
using System.Text;

namespace Sysrec.Tests.Integration;

/// <summary>One line of a text trace as bytes: the comm unescaped, since a comm need not be UTF-8.</summary>
internal sealed record RawTraceEntry(int Pid, long SyscallId, byte[] Comm, string Abi);

/// <summary>
/// Reads a text trace byte by byte and holds every line to the README's grammar, independently of the
/// product's parser: <c>pid:[i386/]id:comm</c>, the comm free of control bytes, every backslash starting
/// <c>\\</c> or <c>\xHH</c>, and at most the kernel's 15 bytes once unescaped. <see cref="TraceFile"/>
/// reads text; this one is for comms that are not UTF-8 and for traces too big to hold as a string.
/// </summary>
internal static class RawTrace
{
    /// <summary>The most bytes a task's comm has (TASK_COMM_LEN less its NUL).</summary>
    public const int MaxCommBytes = 15;

    // No record comes near this; a longer line means lines ran together.
    private const int MaxLineBytes = 4096;

    public delegate void LineVisitor(int pid, string abi, long syscallId, ReadOnlySpan<byte> comm);

    public static List<RawTraceEntry> Read(string path)
    {
        var entries = new List<RawTraceEntry>();
        Scan(path, (pid, abi, id, comm) => entries.Add(new RawTraceEntry(pid, id, comm.ToArray(), abi)));
        return entries;
    }

    /// <summary>Checks every line of <paramref name="path"/>, streaming in constant memory, and returns how many there are.</summary>
    public static long Scan(string path, LineVisitor? visit = null)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
        byte[] buffer = new byte[1 << 20];
        int held = 0;
        long lines = 0;
        while (true)
        {
            int read = file.Read(buffer, held, buffer.Length - held);
            if (read == 0)
            {
                if (held != 0)
                    Assert.Fail($"{path} does not end on a whole line: it ends with '{Show(buffer.AsSpan(0, held))}'");
                return lines;
            }
            held += read;
            ReadOnlySpan<byte> pending = buffer.AsSpan(0, held);
            int newline;
            while ((newline = pending.IndexOf((byte)'\n')) >= 0)
            {
                lines++;
                ParseLine(pending[..newline], path, lines, visit);
                pending = pending[(newline + 1)..];
            }
            if (pending.Length > MaxLineBytes)
                Assert.Fail($"{path}:{lines + 1}: a line over {MaxLineBytes} bytes: '{Show(pending)}'");
            pending.CopyTo(buffer);
            held = pending.Length;
        }
    }

    /// <summary>Undoes the README's comm escape into <paramref name="destination"/>; false for anything the escape never writes.</summary>
    public static bool TryUnescape(ReadOnlySpan<byte> escaped, Span<byte> destination, out int length)
    {
        length = 0;
        for (int i = 0; i < escaped.Length; i++)
        {
            byte b = escaped[i];
            if (b < 0x20 || b == 0x7F || length == destination.Length)
                return false;
            if (b != '\\')
            {
                destination[length++] = b;
            }
            else if (i + 1 < escaped.Length && escaped[i + 1] == '\\')
            {
                destination[length++] = (byte)'\\';
                i++;
            }
            else if (i + 3 < escaped.Length && escaped[i + 1] == 'x' && IsHex(escaped[i + 2]) && IsHex(escaped[i + 3]))
            {
                destination[length++] = (byte)(HexValue(escaped[i + 2]) << 4 | HexValue(escaped[i + 3]));
                i += 3;
            }
            else
            {
                return false;
            }
        }
        return true;
    }

    public static bool IsHex(byte b) => b is >= (byte)'0' and <= (byte)'9' or >= (byte)'a' and <= (byte)'f' or >= (byte)'A' and <= (byte)'F';

    public static int HexValue(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;

    public static string Show(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes[..Math.Min(bytes.Length, 200)]);

    // Messages are only built on failure: a soak checks tens of millions of lines.
    private static void ParseLine(ReadOnlySpan<byte> line, string path, long number, LineVisitor? visit)
    {
        int first = line.IndexOf((byte)':');
        ReadOnlySpan<byte> rest = first < 0 ? default : line[(first + 1)..];
        bool i386 = rest.StartsWith("i386/"u8);
        if (i386)
            rest = rest["i386/".Length..];
        int second = rest.IndexOf((byte)':');
        Span<byte> comm = stackalloc byte[MaxCommBytes];
        if (first <= 0 || second <= 0
            || !TryParseNumber(line[..first], signed: false, out long pid) || pid > int.MaxValue
            || !TryParseNumber(rest[..second], signed: true, out long id)
            || !TryUnescape(rest[(second + 1)..], comm, out int length))
        {
            Assert.Fail($"{path}:{number}: not pid:syscall_id:comm with a comm escaped as the README says (at most {MaxCommBytes} bytes): '{Show(line)}'");
            return;
        }
        visit?.Invoke((int)pid, i386 ? TraceFile.I386Abi : TraceFile.NativeAbi, id, comm[..length]);
    }

    private static bool TryParseNumber(ReadOnlySpan<byte> digits, bool signed, out long value)
    {
        ReadOnlySpan<byte> magnitude = signed && digits.StartsWith("-"u8) ? digits[1..] : digits;
        value = 0;
        return magnitude.Length > 0 && !magnitude.ContainsAnyExceptInRange((byte)'0', (byte)'9')
            && long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }
}
