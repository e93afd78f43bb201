using System.Globalization;
using Sysrec.Kernel;
using Sysrec.Syscalls;

namespace Sysrec.Trace;

/// <summary>
/// The design's text line, <c>pid:syscall_id:comm</c> and a newline. A process chooses its own comm, so
/// the comm is escaped to keep every line one record: a backslash becomes <c>\\</c>, a control byte
/// (below 0x20, or 0x7F) becomes <c>\xHH</c>, every other byte stays as it is. ':' needs no escape:
/// pid and syscall id are the first two fields and the comm is the rest. A syscall number from the
/// i386 table (a 32-bit process, or <c>int 0x80</c>) is written <c>i386/N</c>, so the numbers of two
/// tables never mix unmarked. With names on, a known syscall is written by name (<c>read</c>,
/// <c>i386/mmap2</c>) instead of number; the parser takes either, and passes over the wall-clock time
/// stamp that -t, -tt or -ttt puts before a line (<see cref="WallClockStamp"/>).
/// </summary>
internal static class TraceLine
{
    /// <summary>The longest syscall field: the ABI prefix and the widest number or name.</summary>
    public const int MaxSyscallLength = 5 + 32;

    /// <summary>The longest line a kernel record makes: every field at its widest, every comm byte escaped.</summary>
    public const int MaxLength = 10 + 1 + MaxSyscallLength + 1 + 16 * 4 + 1;

    private static ReadOnlySpan<byte> I386Prefix => "i386/"u8;

    public static int Format(in SyscallRecord record, Span<byte> destination, bool names = false) =>
        Format(record.Pid, record.Abi, record.SyscallId, TaskComm.Trim(record.Comm), destination, names);

    public static int Format(uint pid, SyscallAbi abi, long syscallId, ReadOnlySpan<byte> comm, Span<byte> destination, bool names = false)
    {
        pid.TryFormat(destination, out int length, default, CultureInfo.InvariantCulture);
        destination[length++] = (byte)':';
        length += FormatSyscall(abi, syscallId, destination[length..], names);
        destination[length++] = (byte)':';
        length += CommText.ForTextLine(comm, destination[length..]);
        destination[length++] = (byte)'\n';
        return length;
    }

    /// <summary>
    /// Writes the syscall field: the number (or the name), after <c>i386/</c> when it is from that table,
    /// unless <paramref name="markTable"/> is off because every number in the output is from that table.
    /// </summary>
    public static int FormatSyscall(SyscallAbi abi, long syscallId, Span<byte> destination, bool names = false, bool markTable = true)
    {
        int length = 0;
        if (abi == SyscallAbi.I386 && markTable)
        {
            I386Prefix.CopyTo(destination);
            length = I386Prefix.Length;
        }
        ReadOnlySpan<byte> name = names ? SyscallTable.Utf8Name(abi, syscallId) : default;
        if (!name.IsEmpty)
        {
            name.CopyTo(destination[length..]);
            return length + name.Length;
        }
        syscallId.TryFormat(destination[length..], out int written, default, CultureInfo.InvariantCulture);
        return length + written;
    }

    /// <summary>Splits a line (without its newline) into pid, syscall table and number, and the still-escaped comm.</summary>
    public static bool TryParse(ReadOnlySpan<byte> line, out uint pid, out SyscallAbi abi, out long syscallId, out ReadOnlySpan<byte> escapedComm, out string error)
    {
        syscallId = 0;
        abi = SyscallAbi.Native;
        escapedComm = default;
        pid = 0;
        line = line[WallClockStamp.LengthAt(line)..];
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
        ReadOnlySpan<byte> syscall = line[(first + 1)..second];
        if (syscall.StartsWith(I386Prefix))
            abi = SyscallAbi.I386;
        ReadOnlySpan<byte> number = syscall[(abi == SyscallAbi.I386 ? I386Prefix.Length : 0)..];
        if (!long.TryParse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out syscallId)
            && !SyscallTable.TryNumber(abi, number, out syscallId))
        {
            error = $"syscall id '{Show(syscall)}' is not a number or a syscall name";
            return false;
        }
        escapedComm = line[(second + 1)..];
        error = "";
        return true;
    }

    // Escaped, so that a binary file given as a recording cannot send control bytes to the terminal.
    private static string Show(ReadOnlySpan<byte> field) => CommText.Escape(field.Length > 40 ? field[..40] : field);
}
