using Microsoft.Win32.SafeHandles;

/// <summary>A libbpf <c>struct bpf_link</c>: one attachment, detached when released.</summary>
internal sealed class SafeBpfLinkHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public SafeBpfLinkHandle() : base(ownsHandle: true) { }

    protected override bool ReleaseHandle() => Interop.Libbpf.LinkDestroy(handle) == 0;
}
