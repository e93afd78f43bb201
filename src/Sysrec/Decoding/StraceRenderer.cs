using Sysrec.Syscalls;

namespace Sysrec.Decoding;

/// <summary>
/// strace's text for one decoded call: <c>openat(AT_FDCWD&lt;/tmp&gt;, "/etc/passwd", O_RDONLY|O_CLOEXEC)</c>
/// then <c>3&lt;/etc/passwd&gt;</c>, as <c>strace -yy -s N</c> prints them, into a caller's buffer
/// without allocating. As strace reads /proc when it prints, the arguments it prints at entry are named
/// by the fd table as it was before the call, and those it prints at exit and the return as it is after:
/// the call's effect on the table is applied once, between the two (by <see cref="WriteCall(ref Utf8SpanWriter, in DecodedCall)"/>, or
/// by <see cref="WriteResumed"/> for a call strace prints in two lines because another thread's line came
/// between its entry and its exit, whose first line <see cref="WriteUnfinished"/> writes).
/// </summary>
internal sealed class StraceRenderer(int snaplen, IFileDescriptors? descriptors)
{
    /// <summary>strace's default -s.</summary>
    public const int DefaultSnaplen = 32;

    public int Snaplen { get; } = snaplen;

    public IFileDescriptors? Descriptors { get; } = descriptors;

    /// <summary><c>name(args) = ret</c>, the call's whole text without the line's pid, time and duration.</summary>
    public void WriteCall(ref Utf8SpanWriter writer, in DecodedCall call) => WriteCall(ref writer, call, writer.Written.Length, returnColumn: 0);

    /// <summary>
    /// The same with the <c>=</c> at <paramref name="returnColumn"/> of a line that starts at
    /// <paramref name="lineStart"/>, as strace pads it, or one space after the arguments when they reach it.
    /// A call that never returned shows what strace shows then: the arguments printed at entry and
    /// <c> &lt;unfinished ...&gt;)</c> when some were left for its exit (<c>read(3,  &lt;unfinished ...&gt;) = ?</c>).
    /// </summary>
    public void WriteCall(ref Utf8SpanWriter writer, in DecodedCall call, int lineStart, int returnColumn)
    {
        SyscallPrinter? printer = SyscallPrinters.Of(call.Abi, call.Number);
        if (printer is null)
        {
            WriteUnknown(ref writer, call);
            Apply(call);
            WriteEquals(ref writer, lineStart, returnColumn);
            WriteReturn(ref writer, call);
            return;
        }
        // One context for the arguments and the return: making one copies the call.
        var context = new CallContext(call, printer, Snaplen, Descriptors);
        WriteArguments(ref writer, context);
        WriteEquals(ref writer, lineStart, returnColumn);
        WriteReturn(ref writer, context);
    }

    /// <summary>The return's text after <c> = </c>: <c>3&lt;/etc/passwd&gt;</c>, <c>-1 ENOENT (No such file or directory)</c>, <c>0x7fa303cda000</c>, <c>?</c>; after the arguments, whose writing applied the call.</summary>
    public void WriteReturn(ref Utf8SpanWriter writer, in DecodedCall call)
    {
        SyscallPrinter? printer = SyscallPrinters.Of(call.Abi, call.Number);
        if (printer is null)
            WriteReturnOfUnknown(ref writer, call);
        else
            WriteReturn(ref writer, new CallContext(call, printer, Snaplen, Descriptors));
    }

    // name(args), applying the call to the fd table after the arguments strace prints at entry.
    private void WriteArguments(ref Utf8SpanWriter writer, scoped in CallContext context)
    {
        SyscallPrinter printer = context.Printer;
        writer.Append(printer.Utf8Name);
        writer.Append((byte)'(');
        if (!context.Call.Returned && !printer.DecodedAtEntry)
        {
            WriteEntryPart(ref writer, context);
            writer.Append(" <unfinished ...>)"u8);
            return;
        }
        if (printer.Format == CallFormat.Arguments)
        {
            WriteRange(ref writer, context, 0, printer.FirstExitArgument, trailingSeparator: false);
            Apply(context.Call);
            WriteRange(ref writer, context, printer.FirstExitArgument, printer.Arguments.Count, trailingSeparator: false,
                separatorFirst: AnyPrinted(context, 0, printer.FirstExitArgument));
        }
        else
        {
            WriteAll(ref writer, context);
            Apply(context.Call);
        }
        writer.Append((byte)')');
    }

    /// <summary>After the arguments' <c>)</c>: a space, more up to <paramref name="returnColumn"/> of the line that starts at <paramref name="lineStart"/>, and <c>= </c>.</summary>
    public static void WriteEquals(ref Utf8SpanWriter writer, int lineStart, int returnColumn)
    {
        writer.Append((byte)' ');
        writer.AppendRepeated((byte)' ', returnColumn - (writer.Written.Length - lineStart));
        writer.Append("= "u8);
    }

    private static void WriteReturn(ref Utf8SpanWriter writer, scoped in CallContext context)
    {
        ref readonly DecodedCall call = ref context.Call;
        if (TryWriteUnsuccessful(ref writer, call))
            return;
        SyscallPrinter printer = context.Printer;
        if (printer.Format == CallFormat.Fcntl && FcntlFormat.TryWriteReturn(ref writer, context))
            return;
        switch (printer.Return)
        {
            case ReturnKind.Fd or ReturnKind.NewFd:
                FdFormat.Write(ref writer, context, (int)call.Ret);
                break;
            case ReturnKind.Hex:
                writer.AppendHex((ulong)call.Ret);
                break;
            case ReturnKind.Octal:
                writer.AppendOctalMode((ulong)call.Ret);
                break;
            case ReturnKind.Poll:
                PollFormat.WriteReturn(ref writer, context);
                break;
            case ReturnKind.Select:
                SelectFormat.WriteReturn(ref writer, context);
                break;
            case ReturnKind.Signal:
                writer.AppendDecimal(call.Ret);
                writer.Append(" ("u8);
                Signals.Write(ref writer, (int)call.Ret);
                writer.Append((byte)')');
                break;
            default:
                writer.AppendDecimal(call.Ret);
                break;
        }
    }

    private static void WriteReturnOfUnknown(ref Utf8SpanWriter writer, in DecodedCall call)
    {
        if (!TryWriteUnsuccessful(ref writer, call))
            writer.AppendDecimal(call.Ret);
    }

    // "?" for a call that never returned, the errno for one that failed; false for one that succeeded, whose return is its printer's.
    private static bool TryWriteUnsuccessful(ref Utf8SpanWriter writer, in DecodedCall call)
    {
        if (!call.Returned)
            writer.Append((byte)'?');
        else if (call.Failed)
            Errno.WriteFailure(ref writer, (int)-call.Ret);
        else
            return false;
        return true;
    }

    /// <summary>strace's line for a call whose exit comes later: <c>read(3,  &lt;unfinished ...&gt;</c>, the arguments it prints at entry.</summary>
    public void WriteUnfinished(ref Utf8SpanWriter writer, in DecodedCall call)
    {
        SyscallPrinter? printer = SyscallPrinters.Of(call.Abi, call.Number);
        if (printer is null)
        {
            WriteUnknown(ref writer, call);
            writer.Append(" <unfinished ...>"u8);
            return;
        }
        var context = new CallContext(call, printer, Snaplen, Descriptors);
        writer.Append(printer.Utf8Name);
        writer.Append((byte)'(');
        WriteEntryPart(ref writer, context);
        writer.Append(" <unfinished ...>"u8);
    }

    /// <summary>
    /// The rest of that call when it returns, up to the return: <c>&lt;... read resumed&gt;"data", 832)</c>,
    /// applying the call to the fd table first; the caller adds <c> = </c> and <see cref="WriteReturn"/>.
    /// For a call that never returned: <c>&lt;... read resumed&gt; &lt;unfinished ...&gt;)</c>, or
    /// <c>&lt;... exit_group resumed&gt;)</c> when strace had printed it all at entry.
    /// </summary>
    public void WriteResumed(ref Utf8SpanWriter writer, in DecodedCall call)
    {
        SyscallPrinter? printer = SyscallPrinters.Of(call.Abi, call.Number);
        writer.Append("<... "u8);
        writer.Append(printer is null ? SyscallTable.Utf8Name(call.Abi, call.Number) : printer.Utf8Name);
        writer.Append(" resumed>"u8);
        if (!call.Returned)
        {
            writer.Append(printer is null || printer.DecodedAtEntry ? ")"u8 : " <unfinished ...>)"u8);
            return;
        }
        Apply(call);
        if (printer is not null)
        {
            var context = new CallContext(call, printer, Snaplen, Descriptors);
            if (printer.Format == CallFormat.Clone)
                CloneFormat.WriteClone(ref writer, context, entry: false, exit: true);
            else if (printer.Format == CallFormat.Clone3)
                CloneFormat.WriteClone3(ref writer, context, entry: false, exit: true);
            else if (printer.Format == CallFormat.Arguments)
                WriteRange(ref writer, context, printer.FirstExitArgument, printer.Arguments.Count, trailingSeparator: false);
        }
        writer.Append((byte)')');
    }

    private void Apply(in DecodedCall call)
    {
        if (call.Returned)
            Descriptors?.Apply(call);
    }

    // What strace prints of a call at its entry: the arguments before the first it prints at exit, with
    // the ", " that the exit's part continues; a call of its own format, what the format prints at entry.
    private static void WriteEntryPart(ref Utf8SpanWriter writer, scoped in CallContext context)
    {
        SyscallPrinter printer = context.Printer;
        switch (printer.Format)
        {
            case CallFormat.Clone:
                CloneFormat.WriteClone(ref writer, context, entry: true, exit: false);
                break;
            case CallFormat.Clone3:
                CloneFormat.WriteClone3(ref writer, context, entry: true, exit: false);
                break;
            case CallFormat.Arguments:
                WriteRange(ref writer, context, 0, printer.FirstExitArgument, trailingSeparator: printer.FirstExitArgument < printer.Arguments.Count);
                break;
            default:
                WriteAll(ref writer, context);
                break;
        }
    }

    private static void WriteAll(ref Utf8SpanWriter writer, scoped in CallContext context)
    {
        switch (context.Printer.Format)
        {
            case CallFormat.Clone:
                CloneFormat.WriteClone(ref writer, context, entry: true, exit: context.Call.Returned);
                break;
            case CallFormat.Clone3:
                CloneFormat.WriteClone3(ref writer, context, entry: true, exit: context.Call.Returned);
                break;
            case CallFormat.Futex:
                FutexFormat.Write(ref writer, context);
                break;
            case CallFormat.Fcntl:
                FcntlFormat.WriteArguments(ref writer, context);
                break;
            case CallFormat.Ioctl:
                IoctlFormat.WriteArguments(ref writer, context);
                break;
            case CallFormat.Sigreturn:
                SignalFormat.WriteSigreturn(ref writer, context);
                break;
            default:
                WriteRange(ref writer, context, 0, context.Printer.Arguments.Count, trailingSeparator: false);
                break;
        }
    }

    // Arguments [start, end) joined by ", ", with one more after the last for an entry part that the exit
    // part continues, or one before the first for the exit part of a whole line.
    private static void WriteRange(ref Utf8SpanWriter writer, scoped in CallContext context, int start, int end, bool trailingSeparator, bool separatorFirst = false)
    {
        bool first = !separatorFirst;
        for (int i = start; i < end; i++)
        {
            if (!ArgumentRenderer.IsPrinted(context, i))
                continue;
            if (!first)
                writer.Append(", "u8);
            first = false;
            ArgumentRenderer.Write(ref writer, context, i);
        }
        if (trailingSeparator && !first)
            writer.Append(", "u8);
    }

    private static bool AnyPrinted(scoped in CallContext context, int start, int end)
    {
        for (int i = start; i < end; i++)
        {
            if (ArgumentRenderer.IsPrinted(context, i))
                return true;
        }
        return false;
    }

    // strace's name for a number no table knows, and its six registers in hex.
    private static void WriteUnknown(ref Utf8SpanWriter writer, in DecodedCall call)
    {
        ReadOnlySpan<byte> name = SyscallTable.Utf8Name(call.Abi, call.Number);
        if (name.IsEmpty)
        {
            writer.Append("syscall_"u8);
            writer.AppendHex((ulong)call.Number);
        }
        else
            writer.Append(name);
        writer.Append((byte)'(');
        for (int i = 0; i < 6; i++)
        {
            if (i > 0)
                writer.Append(", "u8);
            writer.AppendHex(call.Arg(i));
        }
        writer.Append((byte)')');
    }
}
