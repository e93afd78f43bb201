using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace Sysrec.Kernel;

/// <summary>Mirror of <c>struct path_arg</c>: one path as read at syscall entry, cut to 255 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PathArg
{
    /// <summary>Bytes of <see cref="Str"/>, without the NUL; -1 (SYSREC_PATH_UNREADABLE) for NULL, a bad pointer, or memory the kernel could not read without faulting.</summary>
    public short Len;
    /// <summary>1 when the path is longer than what <see cref="Str"/> holds.</summary>
    public ushort Truncated;
    public PathBytes Str;

    public readonly bool Readable => Len >= 0;

    /// <summary>A path read in user space, cut as the BPF program cuts one.</summary>
    public static PathArg From(ReadOnlySpan<byte> path)
    {
        int kept = Math.Min(path.Length, PathBytes.Length - 1);
        var arg = new PathArg { Len = (short)kept, Truncated = path.Length > kept ? (ushort)1 : (ushort)0 };
        path[..kept].CopyTo(arg.Str);
        return arg;
    }

    /// <summary>The bytes read, without the NUL; empty when unreadable.</summary>
    [UnscopedRef]
    public readonly ReadOnlySpan<byte> Bytes => ((ReadOnlySpan<byte>)Str)[..Math.Clamp((int)Len, 0, PathBytes.Length - 1)];
}
