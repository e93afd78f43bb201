namespace Sysrec.Decoding;

/// <summary>
/// A wait status as strace prints it (printstatus): <c>[{WIFEXITED(s) &amp;&amp; WEXITSTATUS(s) == 0}]</c>,
/// <c>[{WIFSIGNALED(s) &amp;&amp; WTERMSIG(s) == SIGKILL}]</c>, stopped and continued children, and
/// the bits left over after <c>|</c>.
/// </summary>
internal static class WaitStatusFormat
{
    /// <summary>wait4's status argument: the address when no child was reaped (a return of 0) or the call failed.</summary>
    public static void WriteArgument(ref Utf8SpanWriter writer, scoped in CallContext context, int index, bool captured, scoped StructFields status)
    {
        if (!captured || context.Call.Ret == 0)
        {
            ArgumentRenderer.WritePointer(ref writer, context.Register(index));
            return;
        }
        writer.Append((byte)'[');
        Write(ref writer, status.Int(0));
        writer.Append((byte)']');
    }

    public static void Write(ref Utf8SpanWriter writer, int status)
    {
        int low = status & 0x7f;
        if ((status & 0xff) == 0x7f)
        {
            int signal = (status >> 8) & 0xff;
            writer.Append("{WIFSTOPPED(s) && WSTOPSIG(s) == "u8);
            WriteSignal(ref writer, signal & 0x7f);
            if ((signal & 0x80) != 0)
                writer.Append(" | 0x80"u8);
            writer.Append((byte)'}');
            status &= ~((signal << 8) | 0x7f);
        }
        else if ((sbyte)(low + 1) >> 1 > 0)
        {
            writer.Append("{WIFSIGNALED(s) && WTERMSIG(s) == "u8);
            WriteSignal(ref writer, low);
            if ((status & CoreFlag) != 0)
                writer.Append(" && WCOREDUMP(s)"u8);
            writer.Append((byte)'}');
            status &= ~(low | CoreFlag);
        }
        else if (low == 0)
        {
            writer.Append("{WIFEXITED(s) && WEXITSTATUS(s) == "u8);
            writer.AppendDecimal((long)((status >> 8) & 0xff));
            writer.Append((byte)'}');
            status &= ~(status & 0xff00);
        }
        else if (status == Continued)
        {
            writer.Append("{WIFCONTINUED(s)}"u8);
            status = 0;
        }
        else
        {
            writer.AppendHex((uint)status);
            return;
        }
        if (status == 0)
            return;
        uint rest = (uint)status;
        if (rest >> 16 != 0)
        {
            writer.Append((byte)'|');
            writer.AppendHex(rest >> 16);
            writer.Append("<<16"u8);
            rest &= 0xffff;
        }
        if (rest != 0)
        {
            writer.Append((byte)'|');
            writer.AppendHex(rest);
        }
    }

    // sprintsigname: the name, or the number.
    private static void WriteSignal(ref Utf8SpanWriter writer, int signal) => Signals.Write(ref writer, signal);

    // glibc's WCOREFLAG and W_CONTINUED.
    private const int CoreFlag = 0x80;
    private const int Continued = 0xffff;
}
