using Sysrec.Decoding;
using Sysrec.Syscalls;
using Sysrec.Trace;

namespace Sysrec.Export;

/// <summary>
/// A call of a jsonl recording, for <see cref="SysdigCallRenderer"/>: its registers, and what a --decode
/// recording's <c>decoded</c> object says of its pointers and fds (each fd as the recorder named it for
/// that side of the call), with what <see cref="RecordedFds"/> kept of how each was opened. A recording
/// without <c>decoded</c> gives the registers alone.
/// </summary>
internal readonly ref struct RecordedSysdigCall(TraceEvent syscall, DecodedArguments? decoded, RecordedFds fds) : ISysdigCall
{
    private readonly TraceEvent _syscall = syscall;
    private readonly SyscallSignature? _signature = SyscallSignatures.Of(syscall.Syscall.Abi, syscall.Syscall.Number);

    public SyscallAbi Abi => _syscall.Syscall.Abi;

    public int Number => (int)_syscall.Syscall.Number;

    public int Pid => (int)_syscall.Pid;

    public int Tid => (int)(_syscall.Tid ?? _syscall.Pid);

    public bool Returned => _syscall.Ret is not null;

    public long Ret => _syscall.Ret ?? 0;

    public bool Failed => Returned && (ulong)Ret > unchecked((ulong)-4096L);

    /// <summary>The decoded arguments; null for a line without them.</summary>
    public DecodedArguments? Decoded => decoded;

    public ReadOnlySpan<byte> Cwd =>
        decoded?.Fds().FirstOrDefault(fd => fd.Type == "cwd")?.Path ?? default;

    public ulong? Arg(int index) => (uint)index < (uint)_syscall.Args.Length ? _syscall.Args[index] : null;

    /// <summary>The decoded value of an argument, by its name in the kernel's signature.</summary>
    public DecodedValue? Value(int argument) =>
        decoded is null || _signature is null || argument >= _signature.Arguments.Count ? null : decoded[_signature.Arguments[argument].Name];

    public bool TryString(int argument, out ReadOnlySpan<byte> text)
    {
        bool read = Value(argument) is { Kind: DecodedValueKind.String };
        text = read ? Value(argument)!.Bytes : default;
        return read;
    }

    public bool TryBuffer(int argument, out ReadOnlySpan<byte> data) => TryString(argument, out data);

    public bool TryFdPair(int argument, out int first, out int second)
    {
        first = second = -1;
        if (Value(argument) is not { Kind: DecodedValueKind.List, Items: [{ Fd: DecodedFd one }, { Fd: DecodedFd two }] })
            return false;
        (first, second) = (one.Fd, two.Fd);
        return true;
    }

    public ReadOnlySpan<byte> FirstString(int argument) =>
        Value(argument) is { Kind: DecodedValueKind.List, Items: [{ Kind: DecodedValueKind.String } first, ..] }
        && !decoded!.Truncated.Contains(_signature!.Arguments[argument].Name) ? first.Bytes : default;

    public FileDescription? File(int fd)
    {
        if (decoded is null)
            return null;
        DecodedFd? named = decoded.Return?.Fd == fd ? decoded.Return : decoded.Fds().FirstOrDefault(one => one.Fd == fd);
        return named is null ? null : fds.Describe(Pid, named);
    }
}
