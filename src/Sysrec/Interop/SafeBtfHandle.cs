using Microsoft.Win32.SafeHandles;

/// <summary>A libbpf <c>struct btf</c>: type information parsed in this process.</summary>
internal sealed class SafeBtfHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public SafeBtfHandle() : base(ownsHandle: true) { }

    protected override bool ReleaseHandle()
    {
        Interop.Libbpf.BtfFree(handle);
        return true;
    }
}
