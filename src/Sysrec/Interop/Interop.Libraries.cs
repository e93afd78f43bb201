internal static partial class Interop
{
    internal static class Libraries
    {
        // Debian's libbpf1 package; the soname is the ABI libbpf promises to keep.
        internal const string Libbpf = "libbpf.so.1";
        internal const string Libc = "libc";
    }
}
