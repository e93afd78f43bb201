using System.Buffers.Binary;

namespace Sysrec.Decoding;

/// <summary>
/// execve's argv and envp as strace prints them: <c>["ls", "-l"]</c>, each string cut at -s and the list
/// after -s strings with <c>...</c>; the environment as its address and <c>/* 43 vars */</c>.
/// </summary>
internal static class ExecveFormat
{
    private const int StringHeader = 4;

    /// <summary>The StringArray payload: u32 count, then per string u16 length, u8 flags, u8 0, the bytes.</summary>
    public static void WriteArgv(ref Utf8SpanWriter writer, scoped in CallContext context, scoped ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 4)
        {
            writer.Append("[]"u8);
            return;
        }
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(payload);
        ReadOnlySpan<byte> rest = payload[4..];
        writer.Append((byte)'[');
        for (uint i = 0; i < count; i++)
        {
            if (i > 0)
                writer.Append(", "u8);
            if (i >= context.Snaplen || rest.Length < StringHeader)
            {
                writer.Append("..."u8);
                break;
            }
            int length = Math.Min(BinaryPrimitives.ReadUInt16LittleEndian(rest), rest.Length - StringHeader);
            bool truncated = ((CaptureFlags)rest[2] & CaptureFlags.Truncated) != 0;
            StraceText.WriteString(ref writer, rest.Slice(StringHeader, length), truncated, context.Snaplen);
            rest = rest[(StringHeader + length)..];
        }
        writer.Append((byte)']');
    }

    public static void WriteEnvp(ref Utf8SpanWriter writer, scoped in CallContext context, int index)
    {
        ulong address = context.Register(index);
        ArgumentRenderer.WritePointer(ref writer, address);
        if (address == 0 || !ArgumentRenderer.TryEntry(context, index, out Capture environment) || environment.Data.Length < 4)
            return;
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(environment.Data);
        writer.Append(" /* "u8);
        writer.AppendDecimal((ulong)count);
        writer.Append(count == 1 ? " var */"u8 : " vars */"u8);
    }
}
