using System.Runtime.InteropServices;

namespace Sysrec.Tracing;

/// <summary>
/// Consumes the tracer's ring buffer, handing each record to a sink straight from the shared
/// memory: nothing is copied or allocated per record.
/// </summary>
internal sealed unsafe class RecordReader : IDisposable
{
    private const int EINTR = 4;

    private readonly IRecordSink _sink;
    private readonly SafeRingBufferHandle _ring;
    private GCHandle _self;
    private Exception? _sinkFailure;

    public RecordReader(int mapFd, IRecordSink sink)
    {
        _sink = sink;
        _self = GCHandle.Alloc(this);
        _ring = Interop.Libbpf.RingBufferNew(mapFd, &OnSample, GCHandle.ToIntPtr(_self), 0);
        if (_ring.IsInvalid)
        {
            int error = Marshal.GetLastPInvokeError();
            _self.Free();
            throw new SysrecException(ExitCodes.Failure, $"cannot open the ring buffer: {Marshal.GetPInvokeErrorMessage(error)}");
        }
    }

    /// <summary>Waits up to <paramref name="timeout"/> for records and reads all there are.</summary>
    public int Poll(TimeSpan timeout) => Check(Interop.Libbpf.RingBufferPoll(_ring, (int)timeout.TotalMilliseconds));

    /// <summary>Reads every record there is now, without waiting.</summary>
    public int Drain() => Check(Interop.Libbpf.RingBufferConsume(_ring));

    public void Dispose()
    {
        _ring.Dispose();
        if (_self.IsAllocated)
            _self.Free();
    }

    private int Check(int result)
    {
        if (_sinkFailure is { } failure)
        {
            _sinkFailure = null;
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
        if (result == -EINTR)
            return 0;
        if (result < 0)
            throw new SysrecException(ExitCodes.Failure, $"cannot read the ring buffer: {Marshal.GetPInvokeErrorMessage(-result)}");
        return result;
    }

    [UnmanagedCallersOnly]
    private static int OnSample(nint context, nint data, nuint size)
    {
        var reader = (RecordReader)GCHandle.FromIntPtr(context).Target!;
        // An exception must not unwind into libbpf: keep it, stop this poll, rethrow in Check.
        try
        {
            if (size < (nuint)sizeof(SyscallRecord))
                throw new InvalidOperationException($"ring buffer record of {size} bytes, expected {sizeof(SyscallRecord)}");
            reader._sink.Write(in *(SyscallRecord*)data);
            return 0;
        }
        catch (Exception e)
        {
            reader._sinkFailure = e;
            return -1;
        }
    }
}
