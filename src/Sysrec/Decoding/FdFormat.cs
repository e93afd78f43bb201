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
        WriteMade(ref writer, context, index, 0, fds.Int(0));
        writer.Append(", "u8);
        WriteMade(ref writer, context, index, 1, fds.Int(4));
        writer.Append((byte)']');
    }

    // One of the pair, named from what the kernel read of it: the arguments are written before the call's
    // effect on the fd table is applied, and these fds are its effect.
    private static void WriteMade(ref Utf8SpanWriter writer, scoped in CallContext context, int index, int element, int fd)
    {
        if (context.Descriptors is null || !context.Succeeded
            || !context.Call.AtExit.TryGet(index, element, CaptureKind.FdTarget, out Capture capture) || FdTarget.Read(capture) is not FdTarget target)
        {
            Write(ref writer, context, fd);
            return;
        }
        writer.AppendDecimal((long)fd);
        writer.Append(target.Family == 0 ? FileDescription.ForPipe(target.Inode).Text : FileDescription.ForSocket(target).Text);
    }
}
