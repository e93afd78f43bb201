using Sysrec.Decoding;

namespace Sysrec.Trace;

/// <summary>
/// What a --decode call's jsonl line adds to its record: <c>"err":"ENOENT"</c> when it failed, and
/// <c>"decoded":{...}</c>, each argument strace prints by its name in the kernel's signature, valued as
/// README's "Decoded calls" says (strings, numbers, flag lists, fd objects (<see cref="JsonFd"/>), structs
/// as objects (<see cref="StraceJson"/>)), then <c>"return"</c>, the fd a call made. Strings and lists cut
/// at -s are named in <c>"decoded_truncated":[...]</c>. As in strace's text, the arguments read at
/// entry are named by the fd table as it was before the call, those read at exit and the return by the
/// table after it: the call's effect is applied between them.
/// </summary>
internal sealed class JsonArguments(int snaplen, FdTracker descriptors)
{
    // An argument's strace text, and the bytes of a string in it, before they become JSON.
    private readonly byte[] _text = new byte[256 << 10];
    private readonly byte[] _bytes = new byte[256 << 10];

    public int Snaplen { get; } = snaplen;

    public FdTracker Descriptors { get; } = descriptors;

    /// <summary><c>,"err":"ENOENT"</c> for a failed call whose code has a name; nothing otherwise.</summary>
    public static void WriteError(ref Utf8SpanWriter writer, in DecodedCall call)
    {
        ReadOnlySpan<byte> name = call.Failed ? Errno.Name((int)-call.Ret) : default;
        if (name.IsEmpty)
            return;
        writer.Append(",\"err\":\""u8);
        writer.Append(name);
        writer.Append((byte)'"');
    }

    /// <summary>
    /// <c>,"decoded":{...}</c> and <c>,"decoded_truncated":[...]</c>, applying the call to the fd table; a
    /// call no printer knows has no <c>decoded</c>, but is applied all the same.
    /// </summary>
    public void WriteDecoded(ref Utf8SpanWriter writer, in DecodedCall call)
    {
        SyscallPrinter? printer = SyscallPrinters.Of(call.Abi, call.Number);
        if (printer is null)
        {
            Apply(call);
            return;
        }
        var context = new CallContext(call, printer, Snaplen, Descriptors);
        // Only plain arguments print some at exit; a call of its own format prints all at once.
        int firstExit = printer.Format == CallFormat.Arguments ? printer.FirstExitArgument : printer.Arguments.Count;
        uint cut = 0;
        bool first = true;
        writer.Append(",\"decoded\":{"u8);
        for (int i = 0; i < printer.Arguments.Count; i++)
        {
            if (i == firstExit)
                Apply(call);
            if (!ArgumentRenderer.IsPrinted(context, i))
                continue;
            WriteName(ref writer, ref first, printer.Arguments[i]);
            writer.Append((byte)':');
            if (WriteValue(ref writer, context, i))
                cut |= 1u << i;
        }
        if (firstExit == printer.Arguments.Count)
            Apply(call);
        if (context.Succeeded && (printer.Return is ReturnKind.Fd or ReturnKind.NewFd || (printer.Format == CallFormat.Fcntl && FcntlFormat.ReturnsFd(context))))
        {
            writer.Append(first ? "\"return\":"u8 : ",\"return\":"u8);
            JsonFd.Write(ref writer, Descriptors, call.Tid, (int)call.Ret);
        }
        writer.Append((byte)'}');
        if (cut != 0)
            WriteCut(ref writer, printer, cut);
    }

    // The value of argument index; returns whether it was cut at -s.
    private bool WriteValue(ref Utf8SpanWriter writer, scoped in CallContext context, int index)
    {
        ArgumentPrinter printer = context.Printer.Arguments[index];
        ulong register = context.Register(index);
        int tid = context.Call.Tid;
        switch (printer.Kind)
        {
            case ArgumentKind.Fd or ArgumentKind.SocketFd:
                JsonFd.Write(ref writer, Descriptors, tid, (int)register);
                return false;
            case ArgumentKind.Dirfd:
                JsonFd.WriteDirfd(ref writer, Descriptors, tid, (int)register);
                return false;
            case ArgumentKind.FdPair when context.Succeeded && context.Call.AtExit.TryGet(index, out Capture pair) && !pair.Unreadable && pair.Data.Length >= 8:
                var fds = new StructFields(pair.Data, context.WordSize);
                writer.Append((byte)'[');
                JsonFd.Write(ref writer, Descriptors, tid, fds.Int(0));
                writer.Append((byte)',');
                JsonFd.Write(ref writer, Descriptors, tid, fds.Int(4));
                writer.Append((byte)']');
                return false;
            case ArgumentKind.Path or ArgumentKind.PathOut:
                return WriteBytes(ref writer, context, index, register, int.MaxValue, fullLength: null);
            case ArgumentKind.String:
                return WriteBytes(ref writer, context, index, register, Snaplen, fullLength: null);
            case ArgumentKind.BufferIn:
                return WriteBytes(ref writer, context, index, register, Snaplen, printer.Length >= 0 ? (ulong)context.Value(printer.Length) : null);
            case ArgumentKind.BufferOut or ArgumentKind.BufferOutHex:
                return WriteBytes(ref writer, context, index, register, Snaplen, context.Succeeded ? (ulong)context.Call.Ret : null);
            case ArgumentKind.Constants when !IsEnumeration(printer):
                var flags = new Utf8SpanWriter(_text);
                ArgumentRenderer.Write(ref flags, context, index);
                WriteNames(ref writer, flags.Written);
                return false;
            case ArgumentKind.PollFds when register != 0 && ArgumentRenderer.TryEntry(context, index, out Capture array):
                return WritePollFds(ref writer, context, index, array);
            case ArgumentKind.FdSet when register != 0 && ArgumentRenderer.TryEntry(context, index, out Capture set):
                WriteFdSet(ref writer, context, index, set);
                return false;
            default:
                var text = new Utf8SpanWriter(_text);
                ArgumentRenderer.Write(ref text, context, index);
                return StraceJson.Write(ref writer, text.Written, _bytes);
        }
    }

    // A string or buffer as its bytes, at most limit of them; a pointer whose contents were not read as
    // strace prints it (NULL, the address), which StraceJson makes null or a number.
    private bool WriteBytes(ref Utf8SpanWriter writer, scoped in CallContext context, int index, ulong register, int limit, ulong? fullLength)
    {
        bool exit = ArgumentCaptures.IsExitSide(context.Printer.Arguments[index].Kind);
        Capture capture = default;
        bool captured = register != 0 && (exit ? ArgumentRenderer.TryExit(context, index, out capture) : ArgumentRenderer.TryEntry(context, index, out capture));
        if (exit && context.Succeeded && context.Call.Ret == 0 && register != 0 && fullLength is not null)
        {
            writer.Append("\"\""u8);
            return false;
        }
        if (!captured)
        {
            if (register == 0)
                writer.Append("null"u8);
            else
                writer.AppendDecimal(register);
            return false;
        }
        ReadOnlySpan<byte> data = capture.Data;
        ulong length = fullLength ?? (ulong)data.Length;
        int shown = (int)Math.Min((ulong)limit, Math.Min(length, (ulong)data.Length));
        JsonText.WriteString(ref writer, data[..shown]);
        return (fullLength is null && capture.Truncated) || length > (ulong)shown;
    }

    // poll's array: each pollfd's fd, and its events as a flag set; cut after -s elements, as strace cuts it.
    private bool WritePollFds(ref Utf8SpanWriter writer, scoped in CallContext context, int index, Capture array)
    {
        const int PollfdSize = 8;
        uint count = (uint)context.Value(context.Printer.Arguments[index].Length);
        var fields = new StructFields(array.Data, context.WordSize);
        int shown = (int)Math.Min(count, (uint)Math.Min(Snaplen, array.Data.Length / PollfdSize));
        Span<byte> events = stackalloc byte[256];
        writer.Append((byte)'[');
        for (int i = 0; i < shown; i++)
        {
            writer.Append(i == 0 ? "{\"fd\":"u8 : ",{\"fd\":"u8);
            JsonFd.Write(ref writer, Descriptors, context.Call.Tid, fields.Int(i * PollfdSize));
            var text = new Utf8SpanWriter(events);
            ConstantSets.PollEvents.Write(ref text, fields.UShort(i * PollfdSize + 4));
            writer.Append(",\"events\":"u8);
            WriteNames(ref writer, text.Written);
            writer.Append((byte)'}');
        }
        writer.Append((byte)']');
        return shown < count;
    }

    // select's fd set, as the list of its fds named.
    private void WriteFdSet(ref Utf8SpanWriter writer, scoped in CallContext context, int index, Capture set)
    {
        bool first = true;
        writer.Append((byte)'[');
        foreach (int fd in SelectFormat.SetFds(context, index, set.Data))
        {
            if (!first)
                writer.Append((byte)',');
            first = false;
            JsonFd.Write(ref writer, Descriptors, context.Call.Tid, fd);
        }
        writer.Append((byte)']');
    }

    // A set of flags as the list of its names: O_RDONLY|O_CLOEXEC as ["O_RDONLY","O_CLOEXEC"], 0 as [].
    private static void WriteNames(ref Utf8SpanWriter writer, scoped ReadOnlySpan<byte> flags)
    {
        writer.Append((byte)'[');
        if (!flags.SequenceEqual("0"u8))
        {
            bool first = true;
            int depth = 0, start = 0;
            for (int i = 0; i <= flags.Length; i++)
            {
                if (i < flags.Length && flags[i] is (byte)'(' or (byte)'{' or (byte)'[')
                    depth++;
                else if (i < flags.Length && flags[i] is (byte)')' or (byte)'}' or (byte)']')
                    depth--;
                if (i < flags.Length && (flags[i] != '|' || depth > 0))
                    continue;
                if (!first)
                    writer.Append((byte)',');
                first = false;
                JsonText.WriteString(ref writer, flags[start..i].Trim((byte)' '));
                start = i + 1;
            }
        }
        writer.Append((byte)']');
    }

    // A constant set of single values (SEEK_SET, F_GETFL) rather than bits: its name, a string.
    private static bool IsEnumeration(ArgumentPrinter printer) =>
        printer.Format?.Target is ConstantSet { Kind: ConstantSetKind.Enumeration };

    private static void WriteCut(ref Utf8SpanWriter writer, SyscallPrinter printer, uint cut)
    {
        writer.Append(",\"decoded_truncated\":["u8);
        bool first = true;
        for (int i = 0; i < printer.Arguments.Count; i++)
        {
            if ((cut & (1u << i)) == 0)
                continue;
            WriteName(ref writer, ref first, printer.Arguments[i]);
        }
        writer.Append((byte)']');
    }

    // An argument's name in quotes, after a comma unless it comes first.
    private static void WriteName(ref Utf8SpanWriter writer, ref bool first, ArgumentPrinter argument)
    {
        if (!first)
            writer.Append((byte)',');
        first = false;
        writer.Append((byte)'"');
        writer.Append(argument.Utf8Name);
        writer.Append((byte)'"');
    }

    private void Apply(in DecodedCall call)
    {
        if (call.Returned)
            Descriptors.Apply(call);
    }
}
