using Microsoft.Win32.SafeHandles;

/// <summary>A libbpf <c>struct bpf_object</c>: its programs, maps and their kernel objects.</summary>
internal sealed class SafeBpfObjectHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public SafeBpfObjectHandle() : base(ownsHandle: true) { }

    protected override bool ReleaseHandle()
    {
        Interop.Libbpf.ObjectClose(handle);
        return true;
    }
}
