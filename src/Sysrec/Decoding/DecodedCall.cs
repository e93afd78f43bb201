using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Sysrec.Kernel;
using Sysrec.Syscalls;

namespace Sysrec.Decoding;

/// <summary>
/// One call as the renderer takes it: the enter record's arguments and entry captures paired with the
/// exit record's return and exit captures, all spans over the records themselves (nothing is copied).
/// <see cref="Returned"/> is false for a call that never returned (exit_group, a thread that died, an
/// exit record the ring dropped); then <see cref="Ret"/>, <see cref="ExitNs"/> and <see cref="AtExit"/>
/// mean nothing.
/// </summary>
internal readonly ref struct DecodedCall
{
    private static readonly int EnterSize = Unsafe.SizeOf<EnterRecord>();
    private static readonly int ExitSize = Unsafe.SizeOf<ExitRecord>();
    private static readonly int CommOffset = (int)Marshal.OffsetOf<EnterRecord>(nameof(EnterRecord.Comm));
    private static readonly int ArgsOffset = (int)Marshal.OffsetOf<EnterRecord>(nameof(EnterRecord.Args));

    /// <summary>
    /// The call of an enter record, with its exit record when it returned (empty: it never did). A
    /// constructor, so that the call is made in place where it is passed rather than copied there.
    /// </summary>
    public DecodedCall(ReadOnlySpan<byte> enter, ReadOnlySpan<byte> exit)
    {
        ref readonly EnterRecord entered = ref MemoryMarshal.AsRef<EnterRecord>(enter);
        bool returned = !exit.IsEmpty;
        Abi = entered.Header.Abi;
        Number = (int)entered.Header.SyscallId;
        Pid = (int)entered.Header.Pid;
        Tid = (int)entered.Header.Tid;
        Comm = TaskComm.Trim(enter.Slice(CommOffset, TaskComm.Length));
        Uid = entered.Uid;
        Gid = entered.Gid;
        CgroupId = entered.CgroupId;
        EnterNs = entered.Header.TimestampNs;
        ExitNs = returned ? MemoryMarshal.AsRef<DecodeHeader>(exit).TimestampNs : 0;
        Returned = returned;
        Ret = returned ? MemoryMarshal.AsRef<ExitRecord>(exit).Ret : 0;
        Args = MemoryMarshal.Cast<byte, ulong>(enter.Slice(ArgsOffset, 6 * sizeof(ulong)));
        AtEntry = new CaptureSet(enter[EnterSize..]);
        AtExit = returned ? new CaptureSet(exit[ExitSize..]) : default;
    }

    public SyscallAbi Abi { get; init; }

    public int Number { get; init; }

    /// <summary>The thread group id: the process, whose fd table the call uses.</summary>
    public int Pid { get; init; }

    /// <summary>The thread: what strace -f prints first on the line.</summary>
    public int Tid { get; init; }

    public ReadOnlySpan<byte> Comm { get; init; }

    public uint Uid { get; init; }

    public uint Gid { get; init; }

    /// <summary>The cgroup v2 id the call was made in.</summary>
    public ulong CgroupId { get; init; }

    /// <summary>CLOCK_MONOTONIC at entry, in nanoseconds.</summary>
    public ulong EnterNs { get; init; }

    public ulong ExitNs { get; init; }

    public bool Returned { get; init; }

    /// <summary>The return register: a negative errno (-4095..-1) for a failure.</summary>
    public long Ret { get; init; }

    /// <summary>The six argument registers as the kernel saw them (a 32-bit caller's zero-extended).</summary>
    public ReadOnlySpan<ulong> Args { get; init; }

    public CaptureSet AtEntry { get; init; }

    public CaptureSet AtExit { get; init; }

    /// <summary>Whether the call returned an error: strace's syserror, a return of -4095..-1.</summary>
    public bool Failed => Returned && (ulong)Ret > unchecked((ulong)-4096L);

    /// <summary>The argument register, or 0 past those given.</summary>
    public ulong Arg(int index) => (uint)index < (uint)Args.Length ? Args[index] : 0;
}
