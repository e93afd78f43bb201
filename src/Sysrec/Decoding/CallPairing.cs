using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Sysrec.Kernel;

namespace Sysrec.Decoding;

/// <summary>
/// Turns the records of a --decode recording into decoded calls and process events. A thread's enter
/// record is reserved in the ring before its exit record, so each exit is paired with the last enter of
/// its thread; an enter with no exit (exit_group, a thread that died in its call, an exit the ring
/// dropped) is closed as never returned by the thread's next enter or by its exit. An exit with no enter
/// (a new child's first return, from the fork it did not enter) is only counted. Nothing is allocated per
/// record once each thread has its <see cref="PendingCall"/>.
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

    /// <summary>At the end of a recording: the call of the thread whose line is open is unfinished too.</summary>
    public void Finish()
    {
        if (_open is { Active: true } open)
            sink.Unfinished(new DecodedCall(open.Enter, default));
        _open = null;
    }

    private void Entered(int tid, ReadOnlySpan<byte> record)
    {
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
        if (Find(tid) is not { Active: true } thread)
        {
            UnpairedExits++;
            return;
        }
        // -1 after rt_sigreturn, which restores the registers that named the syscall; another number means
        // both this exit's enter and the held enter's exit were lost.
        long exited = MemoryMarshal.AsRef<DecodeHeader>(record).SyscallId;
        if (exited >= 0 && exited != MemoryMarshal.AsRef<DecodeHeader>(thread.Enter).SyscallId)
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

    private PendingCall? Find(int tid)
    {
        if (_last?.Tid == tid)
            return _last;
        return _threads.TryGetValue(tid, out PendingCall? thread) ? _last = thread : null;
    }
}
