using System.Buffers.Text;
using System.Globalization;
using Sysrec.Tracing;

namespace Sysrec.Text;

/// <summary>
/// The design's text line, <c>pid:syscall_id:comm</c> and a newline. A process chooses its own comm, so
/// the comm is escaped to keep every line one record: a backslash becomes <c>\\</c>, a control byte
/// (below 0x20, or 0x7F) becomes <c>\xHH</c>, every other byte stays as it is. ':' needs no escape:
/// pid and syscall id are the first two fields and the comm is the rest.
/// </summary>
internal static class TraceLine
{
    /// <summary>The longest line a kernel record makes: both numbers at their widest, every comm byte escaped.</summary>
    public const int MaxLength = 10 + 1 + 20 + 1 + 16 * 4 + 1;

    public static int Format(in SyscallRecord record, Span<byte> destination) =>
        Format(record.Pid, record.SyscallId, TaskComm.Trim(record.Comm), destination);

    public static int Format(uint pid, long syscallId, ReadOnlySpan<byte> comm, Span<byte> destination)
    {
        pid.TryFormat(destination, out int length, default, CultureInfo.InvariantCulture);
        destination[length++] = (byte)':';
        syscallId.TryFormat(destination[length..], out int written, default, CultureInfo.InvariantCulture);
        length += written;
        destination[length++] = (byte)':';
        length += EscapeComm(comm, destination[length..]);
        destination[length++] = (byte)'\n';
        return length;
    }

    /// <summary>Splits a line (without its newline) into pid, syscall id and the still-escaped comm.</summary>
    public static bool TryParse(ReadOnlySpan<byte> line, out uint pid, out long syscallId, out ReadOnlySpan<byte> escapedComm, out string error)
    {
        syscallId = 0;
        escapedComm = default;
        pid = 0;
        int first = line.IndexOf((byte)':');
        int second = first < 0 ? -1 : line[(first + 1)..].IndexOf((byte)':');
        if (second < 0)
        {
            error = "expected pid:syscall_id:comm";
            return false;
        }
        second += first + 1;
        if (!uint.TryParse(line[..first], NumberStyles.None, CultureInfo.InvariantCulture, out pid))
        {
            error = $"pid '{Show(line[..first])}' is not a process id";
            return false;
        }
        if (!long.TryParse(line[(first + 1)..second], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out syscallId))
        {
            error = $"syscall id '{Show(line[(first + 1)..second])}' is not a number";
            return false;
        }
        escapedComm = line[(second + 1)..];
        error = "";
        return true;
    }

    public static int EscapeComm(ReadOnlySpan<byte> comm, Span<byte> destination)
    {
        int length = 0;
        foreach (byte b in comm)
        {
            if (b == (byte)'\\')
            {
                destination[length++] = (byte)'\\';
                destination[length++] = (byte)'\\';
            }
            else if (b < 0x20 || b == 0x7F)
            {
                destination[length++] = (byte)'\\';
                destination[length++] = (byte)'x';
                destination[length++] = HexDigit(b >> 4);
                destination[length++] = HexDigit(b & 0xF);
            }
            else
            {
                destination[length++] = b;
            }
        }
        return length;
    }

    /// <summary>Undoes <see cref="EscapeComm"/>; the result is never longer than its input.</summary>
    public static bool TryUnescapeComm(ReadOnlySpan<byte> escaped, Span<byte> destination, out int length)
    {
        length = 0;
        for (int i = 0; i < escaped.Length; i++)
        {
            byte b = escaped[i];
            if (b != (byte)'\\')
            {
                destination[length++] = b;
                continue;
            }
            if (i + 1 < escaped.Length && escaped[i + 1] == (byte)'\\')
            {
                destination[length++] = (byte)'\\';
                i++;
            }
            else if (i + 3 < escaped.Length && escaped[i + 1] == (byte)'x'
                     && Utf8Parser.TryParse(escaped.Slice(i + 2, 2), out byte value, out int consumed, 'x') && consumed == 2)
            {
                destination[length++] = value;
                i += 3;
            }
            else
            {
                return false;
            }
        }
        return true;
    }

    private static byte HexDigit(int value) => (byte)"0123456789abcdef"[value];

    private static string Show(ReadOnlySpan<byte> field) =>
        System.Text.Encoding.UTF8.GetString(field.Length > 40 ? field[..40] : field);
}
