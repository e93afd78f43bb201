using Sysrec.Decoding;
using Sysrec.Syscalls;

namespace Sysrec.Export;

/// <summary>
/// What <see cref="SysdigCallRenderer"/> takes of a call: its registers and return, what the kernel read
/// of its pointers, and what its fds are. A live call has it from its captures and the fd table
/// (<see cref="LiveSysdigCall"/>), a jsonl one from its <c>decoded</c> object (<see cref="RecordedSysdigCall"/>).
/// Each answers for the side of the call being written: the fds as they are before the call for its
/// entry line, as it left them for its exit line.
/// </summary>
internal interface ISysdigCall
{
    SyscallAbi Abi { get; }

    int Number { get; }

    int Pid { get; }

    int Tid { get; }

    bool Returned { get; }

    /// <summary>The return register: a negative errno for a failure.</summary>
    long Ret { get; }

    bool Failed { get; }

    /// <summary>The argument register; null when the recording does not have the registers.</summary>
    ulong? Arg(int index);

    /// <summary>A path or string argument as the kernel read it at entry; false when it was not read.</summary>
    bool TryString(int argument, out ReadOnlySpan<byte> text);

    /// <summary>A buffer argument's bytes (up to -s): a write's at entry, a read's at exit; false when not read.</summary>
    bool TryBuffer(int argument, out ReadOnlySpan<byte> data);

    /// <summary>The two fds a pipe or socketpair wrote into its array argument; false when not read or the call failed.</summary>
    bool TryFdPair(int argument, out int first, out int second);

    /// <summary>The first string of a string array argument (an exec's argv[0]), read whole; empty when not.</summary>
    ReadOnlySpan<byte> FirstString(int argument);

    /// <summary>What the fd is; null when not known.</summary>
    FileDescription? File(int fd);

    /// <summary>The process's cwd; empty when not known.</summary>
    ReadOnlySpan<byte> Cwd { get; }
}
