using System.Runtime.InteropServices;

/// <summary>An mmap'd region, unmapped when released.</summary>
internal sealed class SafeMappedMemoryHandle : SafeHandle
{
    private SafeMappedMemoryHandle(nint address, nuint length) : base(Interop.Libc.MAP_FAILED, ownsHandle: true)
    {
        SetHandle(address);
        Length = length;
    }

    public nuint Length { get; }

    public override bool IsInvalid => handle == Interop.Libc.MAP_FAILED;

    /// <summary>Maps <paramref name="length"/> bytes of <paramref name="fd"/> from <paramref name="offset"/>; the result may be invalid (see errno).</summary>
    public static SafeMappedMemoryHandle Map(int fd, long offset, nuint length, int protection) =>
        new(Interop.Libc.Mmap(0, length, protection, Interop.Libc.MAP_SHARED, fd, offset), length);

    /// <summary>
    /// The 64-bit word <paramref name="index"/> of the mapping, shared with the kernel and changed with atomic
    /// instructions (<see cref="Interlocked"/>); good while the mapping is.
    /// </summary>
    public unsafe ref long Int64At(nuint index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Length / sizeof(long));
        return ref ((long*)handle)[index];
    }

    protected override bool ReleaseHandle() => Interop.Libc.Munmap(handle, Length) == 0;
}
