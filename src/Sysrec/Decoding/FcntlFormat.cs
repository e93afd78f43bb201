namespace Sysrec.Decoding;

/// <summary>
/// fcntl as strace prints it (print_fcntl): the third argument by the command, or none for the commands
/// that take none; the return as an fd for F_DUPFD, and with its flags for F_GETFD and F_GETFL:
/// <c>= 0x8000 (flags O_RDONLY|O_LARGEFILE)</c>.
/// </summary>
internal static class FcntlFormat
{
    private const int Command = 1, Argument = 2;

    public static void WriteArguments(ref Utf8SpanWriter writer, scoped in CallContext context)
    {
        FdFormat.Write(ref writer, context, (int)context.Register(0));
        writer.Append(", "u8);
        ArgumentRenderer.Write(ref writer, context, Command);
        ulong argument = context.Register(Argument);
        switch (CommandOf(context))
        {
            case (uint)KernelConstants.F_SETFD:
                writer.Append(", "u8);
                ConstantSets.FdFlags.Write(ref writer, (uint)argument);
                break;
            case (uint)KernelConstants.F_SETOWN or (uint)KernelConstants.F_SETPIPE_SZ or (uint)KernelConstants.F_DUPFD or (uint)KernelConstants.F_DUPFD_CLOEXEC:
                writer.Append(", "u8);
                writer.AppendDecimal((long)(int)argument);
                break;
            case (uint)KernelConstants.F_SETFL:
                writer.Append(", "u8);
                OpenFlagsFormat.Write(ref writer, (uint)argument);
                break;
            case (uint)KernelConstants.F_NOTIFY:
                writer.Append(", "u8);
                ConstantSets.NotifyFlags.Write(ref writer, argument);
                break;
            case (uint)KernelConstants.F_SETLEASE:
                writer.Append(", "u8);
                ConstantSets.FlockTypes.Write(ref writer, argument);
                break;
            case (uint)KernelConstants.F_ADD_SEALS:
                writer.Append(", "u8);
                ConstantSets.SealFlags.Write(ref writer, argument);
                break;
            case (uint)KernelConstants.F_SETSIG:
                writer.Append(", "u8);
                Signals.Write(ref writer, (int)argument);
                break;
            case (uint)KernelConstants.F_GETOWN or (uint)KernelConstants.F_GETPIPE_SZ or (uint)KernelConstants.F_GETFD
                or (uint)KernelConstants.F_GETFL or (uint)KernelConstants.F_GETLEASE or (uint)KernelConstants.F_GET_SEALS
                or (uint)KernelConstants.F_GETSIG:
                break;
            default:
                // The lock commands' struct flock is shown as its address.
                writer.Append(", "u8);
                writer.AppendHex(argument);
                break;
        }
    }

    /// <summary>Whether the call returns a new fd: F_DUPFD, F_DUPFD_CLOEXEC.</summary>
    public static bool ReturnsFd(scoped in CallContext context) =>
        CommandOf(context) is (uint)KernelConstants.F_DUPFD or (uint)KernelConstants.F_DUPFD_CLOEXEC;

    /// <summary>The success value by the command; false for those printed as a plain number.</summary>
    public static bool TryWriteReturn(ref Utf8SpanWriter writer, scoped in CallContext context)
    {
        long value = context.Call.Ret;
        switch (CommandOf(context))
        {
            case (uint)KernelConstants.F_DUPFD or (uint)KernelConstants.F_DUPFD_CLOEXEC:
                FdFormat.Write(ref writer, context, (int)value);
                return true;
            case (uint)KernelConstants.F_GETFD or (uint)KernelConstants.F_GET_SEALS when value != 0:
                writer.AppendHex((ulong)value);
                bool seals = CommandOf(context) == (uint)KernelConstants.F_GET_SEALS;
                writer.Append(seals ? " (seals "u8 : " (flags "u8);
                (seals ? ConstantSets.SealFlags : ConstantSets.FdFlags).Write(ref writer, (ulong)value);
                writer.Append((byte)')');
                return true;
            case (uint)KernelConstants.F_GETFL:
                writer.AppendHex((ulong)value);
                writer.Append(" (flags "u8);
                OpenFlagsFormat.Write(ref writer, (ulong)value);
                writer.Append((byte)')');
                return true;
            case (uint)KernelConstants.F_GETSIG when value != 0:
                writer.AppendDecimal(value);
                writer.Append(" ("u8);
                Signals.Write(ref writer, (int)value);
                writer.Append((byte)')');
                return true;
            case (uint)KernelConstants.F_GETLEASE:
                writer.AppendHex((ulong)value);
                ReadOnlySpan<byte> lease = ConstantSets.FlockTypes.NameOf((ulong)value);
                if (!lease.IsEmpty)
                {
                    writer.Append(" ("u8);
                    writer.Append(lease);
                    writer.Append((byte)')');
                }
                return true;
            default:
                return false;
        }
    }

    /// <summary>Whether the call's return is an fd it made (F_DUPFD), for the fd table.</summary>
    public static bool Duplicates(ulong command) => command is KernelConstants.F_DUPFD or KernelConstants.F_DUPFD_CLOEXEC;

    private static uint CommandOf(scoped in CallContext context) => (uint)context.Register(Command);
}
