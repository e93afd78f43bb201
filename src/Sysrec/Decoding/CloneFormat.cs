namespace Sysrec.Decoding;

/// <summary>
/// clone and clone3 as strace prints them: clone's arguments by name and only those its flags use
/// (<c>child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f...</c>),
/// clone3's struct with what the kernel wrote back (<c>=&gt; {parent_tid=[1235]}</c>). Each in the part
/// strace prints at entry and the part it prints at exit, for a call it splits.
/// </summary>
internal static class CloneFormat
{
    // x86_64's and i386's clone: flags, stack, parent tid, child tid (x86_64) or tls (i386), then the other.
    private const int Flags = 0, Stack = 1, ParentTid = 2;

    /// <summary>
    /// The parent tid the kernel wrote (CLONE_PARENT_SETTID) is the child's, which the call returns: printed
    /// from the return rather than captured.
    /// </summary>
    public static void WriteClone(ref Utf8SpanWriter writer, scoped in CallContext context, bool entry, bool exit)
    {
        ulong flags = context.Register(Flags);
        ulong clone = flags & ~KernelConstants.CSIGNAL;
        int childTid = context.Wide ? 3 : 4, tls = context.Wide ? 4 : 3;
        if (entry)
        {
            writer.Append("child_stack="u8);
            ArgumentRenderer.WritePointer(ref writer, context.Register(Stack));
            writer.Append(", flags="u8);
            CloneFlagsFormat.Write(ref writer, flags);
        }
        if (!exit)
            return;
        if ((clone & (KernelConstants.CLONE_PARENT_SETTID | KernelConstants.CLONE_PIDFD)) != 0)
        {
            writer.Append(", parent_tid="u8);
            if ((clone & KernelConstants.CLONE_PARENT_SETTID) != 0 && context.Succeeded)
                WriteTid(ref writer, context.Call.Ret);
            else
                ArgumentRenderer.WritePointer(ref writer, context.Register(ParentTid));
        }
        if ((clone & KernelConstants.CLONE_SETTLS) != 0)
        {
            writer.Append(", tls="u8);
            ArgumentRenderer.WritePointer(ref writer, context.Register(tls));
        }
        if ((clone & (KernelConstants.CLONE_CHILD_SETTID | KernelConstants.CLONE_CHILD_CLEARTID)) != 0)
        {
            writer.Append(", child_tidptr="u8);
            ArgumentRenderer.WritePointer(ref writer, context.Register(childTid));
        }
    }

    /// <summary>
    /// clone3 as strace prints it: <c>{flags=..., exit_signal=SIGCHLD, stack=NULL, stack_size=0}</c> at
    /// entry; at exit <c> =&gt; {parent_tid=[1235]}</c> (the tid the kernel wrote, which the call returns)
    /// and the size.
    /// </summary>
    public static void WriteClone3(ref Utf8SpanWriter writer, scoped in CallContext context, bool entry, bool exit)
    {
        const int MinimumSize = 64;
        bool read = ArgumentRenderer.TryEntry(context, 0, out Capture capture) && context.Value(1) >= MinimumSize && capture.Data.Length >= MinimumSize;
        var args = new StructFields(read ? capture.Data : default, 8);
        ulong flags = args.ULong64(0);
        if (entry)
        {
            if (read)
                WriteCloneArgs(ref writer, args);
            else
                ArgumentRenderer.WritePointer(ref writer, context.Register(0));
        }
        if (!exit)
            return;
        if (read && (flags & KernelConstants.CLONE_PARENT_SETTID) != 0 && context.Succeeded)
        {
            writer.Append(" => {parent_tid="u8);
            WriteTid(ref writer, context.Call.Ret);
            writer.Append((byte)'}');
        }
        writer.Append(", "u8);
        writer.AppendDecimal(context.Value(1));
    }

    private static void WriteCloneArgs(ref Utf8SpanWriter writer, scoped StructFields args)
    {
        ulong flags = args.ULong64(0);
        writer.Append("{flags="u8);
        if (flags == 0)
            writer.Append((byte)'0');
        else
            ConstantSets.CloneFlags.Write(ref writer, flags);
        if ((flags & KernelConstants.CLONE_PIDFD) != 0)
            WriteAddress(ref writer, ", pidfd="u8, args.ULong64(8));
        if ((flags & (KernelConstants.CLONE_CHILD_SETTID | KernelConstants.CLONE_CHILD_CLEARTID)) != 0)
            WriteAddress(ref writer, ", child_tid="u8, args.ULong64(16));
        if ((flags & KernelConstants.CLONE_PARENT_SETTID) != 0)
            WriteAddress(ref writer, ", parent_tid="u8, args.ULong64(24));
        ulong exitSignal = args.ULong64(32);
        writer.Append(", exit_signal="u8);
        if (exitSignal < int.MaxValue)
            Signals.Write(ref writer, (int)exitSignal);
        else
            writer.AppendDecimal(exitSignal);
        WriteAddress(ref writer, ", stack="u8, args.ULong64(40));
        writer.Append(", stack_size="u8);
        writer.AppendHex(args.ULong64(48));
        if ((flags & KernelConstants.CLONE_SETTLS) != 0)
            WriteAddress(ref writer, ", tls="u8, args.ULong64(56));
        writer.Append((byte)'}');
    }

    private static void WriteTid(ref Utf8SpanWriter writer, long tid)
    {
        writer.Append((byte)'[');
        writer.AppendDecimal(tid);
        writer.Append((byte)']');
    }

    private static void WriteAddress(ref Utf8SpanWriter writer, scoped ReadOnlySpan<byte> name, ulong address)
    {
        writer.Append(name);
        ArgumentRenderer.WritePointer(ref writer, address);
    }
}
