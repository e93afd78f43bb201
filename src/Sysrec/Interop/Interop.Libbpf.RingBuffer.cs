using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libbpf
    {
        [LibraryImport(Libraries.Libbpf, EntryPoint = "ring_buffer__new", SetLastError = true)]
        internal static unsafe partial SafeRingBufferHandle RingBufferNew(
            int mapFd, delegate* unmanaged<nint, nint, nuint, int> sample, nint context, nint options);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "ring_buffer__poll")]
        internal static partial int RingBufferPoll(SafeRingBufferHandle ringBuffer, int timeoutMs);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "ring_buffer__consume")]
        internal static partial int RingBufferConsume(SafeRingBufferHandle ringBuffer);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "ring_buffer__free")]
        internal static partial void RingBufferFree(nint ringBuffer);
    }
}
