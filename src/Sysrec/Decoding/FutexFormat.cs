namespace Sysrec.Decoding;

/// <summary>futex's arguments as strace prints them: which follow the op depends on its command (strace's do_futex).</summary>
internal static class FutexFormat
{
    private const int Address = 0, Operation = 1, Value = 2, Timeout = 3, Address2 = 4, Value3 = 5;

    public static void Write(ref Utf8SpanWriter writer, scoped in CallContext context)
    {
        ArgumentRenderer.WritePointer(ref writer, context.Register(Address));
        writer.Append(", "u8);
        ArgumentRenderer.Write(ref writer, context, Operation);
        int command = (int)context.Register(Operation) & 127;
        uint value = (uint)context.Register(Value);
        uint value2 = (uint)context.Register(Timeout);
        uint value3 = (uint)context.Register(Value3);
        switch (command)
        {
            case (int)KernelConstants.FUTEX_WAIT:
                WriteValue(ref writer, value);
                WriteTimeout(ref writer, context);
                break;
            case (int)KernelConstants.FUTEX_LOCK_PI or (int)KernelConstants.FUTEX_LOCK_PI2:
                WriteTimeout(ref writer, context);
                break;
            case (int)KernelConstants.FUTEX_WAIT_BITSET:
                WriteValue(ref writer, value);
                WriteTimeout(ref writer, context);
                WriteBitset(ref writer, value3);
                break;
            case (int)KernelConstants.FUTEX_WAKE_BITSET:
                WriteValue(ref writer, value);
                WriteBitset(ref writer, value3);
                break;
            case (int)KernelConstants.FUTEX_REQUEUE:
                WriteValue(ref writer, value);
                WriteValue(ref writer, value2);
                WriteAddress(ref writer, context.Register(Address2));
                break;
            case (int)KernelConstants.FUTEX_CMP_REQUEUE or (int)KernelConstants.FUTEX_CMP_REQUEUE_PI:
                WriteValue(ref writer, value);
                WriteValue(ref writer, value2);
                WriteAddress(ref writer, context.Register(Address2));
                WriteValue(ref writer, value3);
                break;
            case (int)KernelConstants.FUTEX_WAIT_REQUEUE_PI:
                WriteValue(ref writer, value);
                WriteTimeout(ref writer, context);
                WriteAddress(ref writer, context.Register(Address2));
                break;
            case (int)KernelConstants.FUTEX_WAKE or (int)KernelConstants.FUTEX_FD:
                WriteValue(ref writer, value);
                break;
            case (int)KernelConstants.FUTEX_UNLOCK_PI or (int)KernelConstants.FUTEX_TRYLOCK_PI:
                break;
            default:
                // FUTEX_WAKE_OP's val3 packs an operation strace spells out; here it is in hex, as for an unknown command.
                WriteValue(ref writer, value);
                WriteAddress(ref writer, context.Register(Timeout));
                WriteAddress(ref writer, context.Register(Address2));
                writer.Append(", "u8);
                writer.AppendHex(value3);
                break;
        }
    }

    private static void WriteValue(ref Utf8SpanWriter writer, uint value)
    {
        writer.Append(", "u8);
        writer.AppendDecimal((ulong)value);
    }

    private static void WriteAddress(ref Utf8SpanWriter writer, ulong address)
    {
        writer.Append(", "u8);
        ArgumentRenderer.WritePointer(ref writer, address);
    }

    private static void WriteTimeout(ref Utf8SpanWriter writer, scoped in CallContext context)
    {
        writer.Append(", "u8);
        ArgumentRenderer.Write(ref writer, context, Timeout);
    }

    private static void WriteBitset(ref Utf8SpanWriter writer, uint bitset)
    {
        writer.Append(", "u8);
        if (bitset == KernelConstants.FUTEX_BITSET_MATCH_ANY)
            writer.Append("FUTEX_BITSET_MATCH_ANY"u8);
        else
            writer.AppendHex(bitset);
    }
}
