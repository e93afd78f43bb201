using Microsoft.Win32.SafeHandles;

/// <summary>A libbpf <c>struct ring_buffer</c> consumer with its mappings and epoll set.</summary>
internal sealed class SafeRingBufferHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public SafeRingBufferHandle() : base(ownsHandle: true) { }

    protected override bool ReleaseHandle()
    {
        Interop.Libbpf.RingBufferFree(handle);
        return true;
    }
}
