using System.Globalization;
using System.Text;
using Sysrec.Decoding;
using Sysrec.Syscalls;
using Sysrec.Trace;

namespace Sysrec.Export;

/// <summary>
/// One LID-DS line being written into a buffer large enough for it: <c>time uid pid comm tid event direction</c>,
/// then the parameters, each <c> name=value</c> or <c> name=value(resolved)</c> as sysdig writes them.
/// </summary>
internal ref struct SysdigLine(Span<byte> destination)
{
    /// <summary>What sysdig writes for a uid it does not know.</summary>
    public const uint UnknownUid = uint.MaxValue;

    private readonly Span<byte> _destination = destination;

    public int Length { get; private set; }

    public readonly ReadOnlySpan<byte> Written => _destination[..Length];

    /// <summary>
    /// A comm as its field: escaped as <see cref="CommText"/> does, spaces included; an empty comm <c>-</c>
    /// (and one that is just '-' <c>\x2d</c>), so that no field is ever empty.
    /// </summary>
    public static string Comm(CommStrings comms, ReadOnlySpan<byte> comm) =>
        comm.IsEmpty ? "-" : comm.SequenceEqual("-"u8) ? @"\x2d" : comms.Get(comm);

    /// <summary>The fields before the parameters; <paramref name="exit"/> says the direction.</summary>
    public void Prefix(ulong unixNs, uint uid, uint pid, string comm, uint tid, SysdigEvent? sysdigEvent, SyscallAbi abi, long number, bool exit)
    {
        Number(unixNs);
        Text(" "u8);
        Number(uid);
        Text(" "u8);
        Number(pid);
        Text(" "u8);
        Text(comm);
        Text(" "u8);
        Number(tid);
        Text(" "u8);
        if (sysdigEvent is not null)
            Text(sysdigEvent.Name.Span);
        else
            Length += TraceLine.FormatSyscall(abi, number, _destination[Length..], names: true);
        Text(exit ? " <"u8 : " >"u8);
    }

    /// <summary><c> name=</c>, the start of a parameter.</summary>
    public void Name(SysdigParameter parameter)
    {
        Text(" "u8);
        Text(parameter.Name);
        Text("="u8);
    }

    /// <summary>
    /// A number as sysdig prints a parameter of its type and format from the register or return
    /// <paramref name="raw"/>: hexadecimal in capitals for PF_HEX, a failed return's errno and AT_FDCWD
    /// named after it. False, and nothing written, for a type that is no number.
    /// </summary>
    public bool Numeric(SysdigParameter parameter, ulong raw, bool returned)
    {
        long? value = parameter.Type switch
        {
            "PT_ERRNO" or "PT_INT64" => (long)raw,
            "PT_FD" or "PT_PID" or "PT_INT32" => (int)raw,
            "PT_INT16" => (short)raw,
            "PT_INT8" => (sbyte)raw,
            "PT_UINT32" or "PT_UID" or "PT_GID" => (uint)raw,
            "PT_UINT16" => (ushort)raw,
            "PT_UINT8" => (byte)raw,
            "PT_UINT64" => (long)raw,
            _ => null,
        };
        if (value is not long number)
            return false;
        Name(parameter);
        if (parameter.Format == "PF_HEX")
            Number((ulong)number, "X");
        else if (parameter.Type == "PT_UINT64")
            Number((ulong)number);
        else
            Number(number);
        if (returned && number is < 0 and > -4096 && parameter.Type is "PT_ERRNO" or "PT_FD" or "PT_PID"
            && Errno.Name((int)-number) is { IsEmpty: false } errno)
        {
            Text("("u8);
            Text(errno);
            Text(")"u8);
        }
        else if (parameter.Type == "PT_FD" && number == KernelConstants.AT_FDCWD)
        {
            Text("(AT_FDCWD)"u8);
        }
        return true;
    }

    public void Text(scoped ReadOnlySpan<byte> text)
    {
        text.CopyTo(_destination[Length..]);
        Length += text.Length;
    }

    public void Text(string text) => Length += Encoding.UTF8.GetBytes(text, _destination[Length..]);

    /// <summary>A name a process chose (a path, a comm) as <see cref="CommText"/> escapes it, spaces included, so that it stays one field.</summary>
    public void Escaped(scoped ReadOnlySpan<byte> bytes) => Length += CommText.Escape(bytes, _destination[Length..], escapeSpace: true);

    public void Number<T>(T value, string? format = null) where T : IUtf8SpanFormattable
    {
        value.TryFormat(_destination[Length..], out int written, format, CultureInfo.InvariantCulture);
        Length += written;
    }

    /// <summary>Room left in the buffer.</summary>
    public readonly int Free => _destination.Length - Length;

    public void Advance(int count) => Length += count;

    public readonly Span<byte> Rest => _destination[Length..];
}
