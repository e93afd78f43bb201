namespace Sysrec.Decoding;

/// <summary>fds as strace -yy prints them: the number, then what the fd table knows of it (<c>3&lt;/etc/passwd&gt;</c>), or the number alone.</summary>
internal static class FdFormat
{
    public static void Write(ref Utf8SpanWriter writer, scoped in CallContext context, int fd)
    {
        writer.AppendDecimal((long)fd);
        if (fd >= 0 && context.Descriptors is IFileDescriptors descriptors)
            writer.Append(descriptors.Describe(context.Call.Tid, fd));
    }

    /// <summary>A dirfd: <c>AT_FDCWD&lt;/cwd&gt;</c> for AT_FDCWD, else an fd.</summary>
    public static void WriteDirfd(ref Utf8SpanWriter writer, scoped in CallContext context, int fd)
    {
        if (fd != (int)KernelConstants.AT_FDCWD)
        {
            Write(ref writer, context, fd);
            return;
        }
        writer.Append("AT_FDCWD"u8);
        if (context.Descriptors is IFileDescriptors descriptors)
            writer.Append(descriptors.DescribeCwd(context.Call.Tid));
    }

    /// <summary>pipe's and socketpair's fds, named after the call made them: <c>[3&lt;pipe:[7]&gt;, 4&lt;pipe:[7]&gt;]</c>.</summary>
    public static void WritePair(ref Utf8SpanWriter writer, scoped in CallContext context, int index, bool captured, scoped StructFields fds)
    {
        if (!captured || fds.Length < 8)
        {
            ArgumentRenderer.WritePointer(ref writer, context.Register(index));
            return;
        }
        writer.Append((byte)'[');
        Write(ref writer, context, fds.Int(0));
        writer.Append(", "u8);
        Write(ref writer, context, fds.Int(4));
        writer.Append((byte)']');
    }
}
