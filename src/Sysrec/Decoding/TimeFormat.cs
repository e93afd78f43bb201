namespace Sysrec.Decoding;

/// <summary>timespec, timeval, itimerspec and itimerval as strace prints them: <c>{tv_sec=0, tv_nsec=1000000}</c>.</summary>
internal static class TimeFormat
{
    /// <summary>A timespec at <paramref name="offset"/> whose fields are <paramref name="fieldSize"/> bytes (8, or 4 for old_timespec32).</summary>
    public static void WriteTimespec(ref Utf8SpanWriter writer, scoped StructFields fields, int offset, int fieldSize)
    {
        writer.Append("{tv_sec="u8);
        writer.AppendDecimal(fieldSize == 8 ? fields.Long64(offset) : fields.Int(offset));
        writer.Append(", tv_nsec="u8);
        writer.AppendDecimal(fieldSize == 8 ? fields.ULong64(offset + 8) : (ulong)(uint)fields.Int(offset + 4));
        writer.Append((byte)'}');
    }

    /// <summary>A timeval of the ABI's longs at <paramref name="offset"/>.</summary>
    public static void WriteTimeval(ref Utf8SpanWriter writer, scoped StructFields fields, int offset)
    {
        writer.Append("{tv_sec="u8);
        writer.AppendDecimal(fields.Long(offset));
        writer.Append(", tv_usec="u8);
        writer.AppendDecimal((ulong)fields.Long(offset + fields.WordSize));
        writer.Append((byte)'}');
    }

    public static void WriteItimerspec(ref Utf8SpanWriter writer, scoped StructFields fields)
    {
        writer.Append("{it_interval="u8);
        WriteTimespec(ref writer, fields, 0, 8);
        writer.Append(", it_value="u8);
        WriteTimespec(ref writer, fields, 16, 8);
        writer.Append((byte)'}');
    }

    public static void WriteItimerval(ref Utf8SpanWriter writer, scoped StructFields fields)
    {
        writer.Append("{it_interval="u8);
        WriteTimeval(ref writer, fields, 0);
        writer.Append(", it_value="u8);
        WriteTimeval(ref writer, fields, 2 * fields.WordSize);
        writer.Append((byte)'}');
    }

    /// <summary>
    /// nanosleep's remainder: strace prints it only when a signal interrupted the sleep (a restart code)
    /// and, for clock_nanosleep, the sleep was relative; otherwise the address.
    /// </summary>
    public static void WriteRemain(ref Utf8SpanWriter writer, scoped in CallContext context, int index)
    {
        ulong address = context.Register(index);
        bool relative = context.Printer.Arguments.Count < 4 || context.Register(1) == 0;
        if (relative && context.Call.Failed && IsRestart(-context.Call.Ret)
            && context.Call.AtExit.TryGet(index, out Capture remain) && !remain.Unreadable)
            WriteTimespec(ref writer, new StructFields(remain.Data, 8), 0, TimespecFieldSize(context.Printer.Arguments[index]));
        else
            ArgumentRenderer.WritePointer(ref writer, address);
    }

    /// <summary>The timeout a waiting call takes (ppoll's, pselect6's, select's), whose remainder its return prints; -1 for none.</summary>
    public static int TimeoutArgument(IReadOnlyList<ArgumentPrinter> arguments)
    {
        for (int i = 0; i < arguments.Count; i++)
        {
            if (arguments[i].Kind is ArgumentKind.TimespecIn or ArgumentKind.Timespec32In or ArgumentKind.TimevalIn)
                return i;
        }
        return -1;
    }

    /// <summary>
    /// <paramref name="prefix"/> and the timeout as the call left it (<c>left {tv_sec=0, tv_nsec=996942}</c>),
    /// when the call had one and its exit read it; false, and nothing written, otherwise.
    /// </summary>
    public static bool TryWriteLeft(ref Utf8SpanWriter writer, scoped in CallContext context, scoped ReadOnlySpan<byte> prefix)
    {
        int index = TimeoutArgument(context.Printer.Arguments);
        if (index < 0 || !context.Call.AtExit.TryGet(index, out Capture left) || left.Unreadable)
            return false;
        writer.Append(prefix);
        var fields = new StructFields(left.Data, context.WordSize);
        switch (context.Printer.Arguments[index].Kind)
        {
            case ArgumentKind.TimevalIn:
                WriteTimeval(ref writer, fields, 0);
                break;
            case ArgumentKind.Timespec32In:
                WriteTimespec(ref writer, fields, 0, 4);
                break;
            default:
                WriteTimespec(ref writer, fields, 0, 8);
                break;
        }
        return true;
    }

    /// <summary>The bytes of each field of a timespec argument: 4 for an i386 caller's old_timespec32, else 8.</summary>
    public static int TimespecFieldSize(ArgumentPrinter printer) => printer.Type.Contains("old_timespec32", StringComparison.Ordinal) ? 4 : 8;

    private static bool IsRestart(long errno) =>
        errno is (long)KernelConstants.ERESTARTSYS or (long)KernelConstants.ERESTARTNOINTR or (long)KernelConstants.ERESTARTNOHAND or (long)KernelConstants.ERESTART_RESTARTBLOCK;
}
