using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Sysrec.Kernel;
using Sysrec.Syscalls;

namespace Sysrec.Decoding;

/// <summary>
/// Turns the records of a --decode recording into decoded calls and process events. A thread's enter
/// record is reserved in the ring before its exit record, so each exit is paired with the last enter of
/// its thread; an enter with no exit (exit_group, a thread that died in its call, an exit the ring
/// dropped) is closed as never returned by the thread's next enter or by its exit. An exit with no enter
/// is paired with the call the thread was inside of as the recording began (<see cref="CallInProgress"/>),
/// or else (a new child's first return, from the fork it did not enter) only counted. Nothing is allocated
/// per record once each thread has its <see cref="PendingCall"/>.
/// </summary>
internal sealed class CallPairing(IDecodedSink sink) : IDecodeRecordSink
{
    private static readonly int EnterSize = Unsafe.SizeOf<EnterRecord>();
    private static readonly int ExitSize = Unsafe.SizeOf<ExitRecord>();

    private readonly Dictionary<int, PendingCall> _threads = [];
    private readonly Stack<PendingCall> _spare = [];
    // The thread of the record before: a thread's enter and exit records mostly come one after the other.
    private PendingCall? _last;
    // The call entered last, when no other thread's call or event has come since: strace's open line.
    private PendingCall? _open;
    // Until each thread's first record: the call it was inside of as the recording began.
    private readonly Dictionary<int, CallInProgress> _inProgress = [];

    /// <summary>Exit records that had no enter to pair with.</summary>
    public long UnpairedExits { get; private set; }

    public void Write(ReadOnlySpan<byte> record)
    {
        if (record.Length < Unsafe.SizeOf<DecodeHeader>())
            throw new InvalidOperationException($"decode record of {record.Length} bytes, shorter than its header");
        ref readonly DecodeHeader header = ref MemoryMarshal.AsRef<DecodeHeader>(record);
        int tid = (int)header.Tid;
        switch (header.Type)
        {
            case DecodeRecordType.Enter when record.Length >= EnterSize:
                Entered(tid, record);
                break;
            case DecodeRecordType.Exit when record.Length >= ExitSize:
                Exited(tid, record);
                break;
            case DecodeRecordType.Reread when record.Length >= EnterSize:
                if (Find(tid) is { Active: true } thread)
                    thread.TakeRetried(record[EnterSize..], EnterSize);
                break;
            case DecodeRecordType.Fork when record.Length >= Unsafe.SizeOf<ForkEvent>():
                ref readonly ForkEvent fork = ref MemoryMarshal.AsRef<ForkEvent>(record);
                sink.Fork(new ProcessFork(tid, (int)header.Pid, (int)fork.ChildTid, (int)fork.ChildPid, fork.SharesFiles != 0));
                break;
            case DecodeRecordType.TaskExit when record.Length >= Unsafe.SizeOf<TaskExitEvent>():
                TaskExited(tid, MemoryMarshal.AsRef<TaskExitEvent>(record));
                break;
            case DecodeRecordType.Signal when record.Length >= Unsafe.SizeOf<SignalEvent>():
                Signalled(tid, MemoryMarshal.AsRef<SignalEvent>(record));
                break;
            default:
                throw new InvalidOperationException($"decode record of type {(uint)header.Type} and {record.Length} bytes");
        }
    }

    /// <summary>A call a thread was inside of as the recording began, read before any of its records.</summary>
    public void InProgress(CallInProgress call) => _inProgress[call.Tid] = call;

    /// <summary>At the end of a recording: the call of the thread whose line is open is unfinished too.</summary>
    public void Finish()
    {
        if (_open is { Active: true } open)
            sink.Unfinished(new DecodedCall(open.Enter, default));
        _open = null;
    }

    private void Entered(int tid, ReadOnlySpan<byte> record)
    {
        // A thread that enters a call first had left the one it was inside of before it was traced.
        _inProgress.Remove(tid);
        PendingCall thread = ThreadOf(tid);
        if (thread.Active)
            Close(thread, default);
        InterruptOpen(tid);
        thread.Hold(record);
        _open = thread;
        // Made in a local of its own, which the constructor fills in place: a temporary would be copied.
        var call = new DecodedCall(thread.Enter, default);
        sink.Enter(call);
    }

    private void Exited(int tid, ReadOnlySpan<byte> record)
    {
        ref readonly DecodeHeader header = ref MemoryMarshal.AsRef<DecodeHeader>(record);
        long exited = header.SyscallId;
        if (Find(tid) is not { Active: true } thread)
        {
            if (!_inProgress.Remove(tid, out CallInProgress? begun) || begun.Number != exited)
            {
                UnpairedExits++;
                return;
            }
            thread = ThreadOf(tid);
            thread.Hold(EnterOf(begun, header.Abi));
        }
        // -1 after rt_sigreturn, which restores the registers that named the syscall; another number means
        // both this exit's enter and the held enter's exit were lost.
        if (exited >= 0 && exited != thread.Number)
        {
            UnpairedExits++;
            return;
        }
        InterruptOpen(tid);
        ReadOnlySpan<byte> own = thread.TakeRetried(record[ExitSize..], EnterSize);
        Close(thread, record[..(ExitSize + own.Length)]);
    }

    private void TaskExited(int tid, in TaskExitEvent exit)
    {
        if (Find(tid) is PendingCall thread)
        {
            if (thread.Active)
                Close(thread, default);
            _threads.Remove(tid);
            _last = null;
            if (_open == thread)
                _open = null;
            _spare.Push(thread);
        }
        InterruptOpen(tid);
        int code = exit.ExitCode;
        sink.Exit(new ProcessExit(tid, (int)exit.Header.Pid, exit.Header.TimestampNs, (code >> 8) & 0xff, code & 0x7f, (code & 0x80) != 0));
    }

    private void Signalled(int tid, in SignalEvent signal)
    {
        var delivery = new SignalDelivery(tid, (int)signal.Header.Pid, signal.Header.TimestampNs,
            SiginfoFormat.Read(new StructFields(signal.Siginfo, sizeof(ulong))));
        // A signal ignored where it was generated, for a thread in a call, is one strace sees as the call returns.
        if (Find(tid) is { Active: true } thread)
        {
            thread.Defer(delivery);
            return;
        }
        InterruptOpen(tid);
        sink.Signal(delivery);
    }

    private void Close(PendingCall thread, ReadOnlySpan<byte> exit)
    {
        thread.Release();
        if (_open == thread)
            _open = null;
        var call = new DecodedCall(thread.Enter, exit);
        sink.Complete(call);
        while (thread.TakeSignal(out SignalDelivery signal))
            sink.Signal(signal);
    }

    // A record of another thread ends the open line.
    private void InterruptOpen(int tid)
    {
        if (_open is null || _open.Tid == tid)
            return;
        PendingCall open = _open;
        _open = null;
        sink.Unfinished(new DecodedCall(open.Enter, default));
    }

    private PendingCall ThreadOf(int tid)
    {
        if (Find(tid) is PendingCall thread)
            return thread;
        thread = _spare.TryPop(out PendingCall? reused) ? reused : new PendingCall();
        thread.Tid = tid;
        _threads.Add(tid, thread);
        return _last = thread;
    }

    /// <summary>The enter record the kernel would have sent for a call in progress, without its entry captures.</summary>
    private static ReadOnlySpan<byte> EnterOf(CallInProgress call, SyscallAbi abi)
    {
        var enter = new EnterRecord
        {
            Header = new DecodeHeader
            {
                TimestampNs = call.SinceNs,
                SyscallId = call.Number,
                Pid = (uint)call.Pid,
                Tid = (uint)call.Tid,
                Type = DecodeRecordType.Enter,
                Abi = abi,
            },
            Uid = call.Uid,
            Gid = call.Gid,
        };
        call.Comm.AsSpan(0, Math.Min(call.Comm.Length, TaskComm.Length)).CopyTo(enter.Comm);
        call.Args.CopyTo(enter.Args);
        return MemoryMarshal.AsBytes(new ReadOnlySpan<EnterRecord>(in enter)).ToArray();
    }

    private PendingCall? Find(int tid)
    {
        if (_last?.Tid == tid)
            return _last;
        return _threads.TryGetValue(tid, out PendingCall? thread) ? _last = thread : null;
    }
}
