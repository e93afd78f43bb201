using System.Text;
using System.Text.Json;

namespace Sysrec.Trace;

/// <summary>
/// A jsonl call's <c>decoded</c> object read back (README, "Decoded calls"): its arguments in order, by
/// the names of the kernel's signature, the fd it returned, and which of them were cut at -s. Read from
/// the bytes <see cref="TraceEvent.Decoded"/> holds, only for the calls asked about: reading a recording
/// costs nothing more for the commands that do not look.
/// </summary>
internal sealed class DecodedArguments
{
    private DecodedArguments(IReadOnlyList<KeyValuePair<string, DecodedValue>> arguments, DecodedFd? returned, IReadOnlySet<string> truncated)
    {
        Arguments = arguments;
        Return = returned;
        Truncated = truncated;
    }

    public IReadOnlyList<KeyValuePair<string, DecodedValue>> Arguments { get; }

    /// <summary>The fd the call made and returned (<c>openat</c>, <c>socket</c>, <c>accept4</c>, <c>dup</c>); null for other calls, and failed ones.</summary>
    public DecodedFd? Return { get; }

    /// <summary>The arguments whose string, buffer or list was cut at -s (<c>decoded_truncated</c>).</summary>
    public IReadOnlySet<string> Truncated { get; }

    /// <summary>The argument of that name, or null when the call has none or it was left out (open's mode without O_CREAT).</summary>
    public DecodedValue? this[string name] => Arguments.FirstOrDefault(argument => argument.Key == name).Value;

    /// <summary>Every fd among the arguments (in lists and structs too: pipe's pair, poll's pollfds) and the return, in order: what the call used.</summary>
    public IEnumerable<DecodedFd> Fds()
    {
        foreach (DecodedFd fd in Arguments.SelectMany(argument => FdsIn(argument.Value)))
            yield return fd;
        if (Return is not null)
            yield return Return;
    }

    private static IEnumerable<DecodedFd> FdsIn(DecodedValue value) =>
        value.Fd is DecodedFd fd ? [fd] : value.Items.Concat(value.Fields.Select(field => field.Value)).SelectMany(FdsIn);

    /// <summary>Reads a <c>decoded</c> object and its <c>decoded_truncated</c> list (empty for none).</summary>
    /// <exception cref="FormatException">They are not what the recorder writes.</exception>
    public static DecodedArguments Parse(ReadOnlySpan<byte> decoded, ReadOnlySpan<byte> truncated)
    {
        try
        {
            var reader = new Utf8JsonReader(decoded);
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
                throw new FormatException("\"decoded\" is not an object");
            var arguments = new List<KeyValuePair<string, DecodedValue>>();
            DecodedFd? returned = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string name = reader.GetString()!;
                reader.Read();
                DecodedValue value = ReadValue(ref reader);
                if (name == "return")
                    returned = value.Fd ?? throw new FormatException("\"decoded\".\"return\" is not an fd");
                else
                    arguments.Add(new(name, value));
            }
            return new DecodedArguments(arguments, returned, ReadNames(truncated));
        }
        catch (JsonException)
        {
            throw new FormatException("\"decoded\" is not valid JSON");
        }
    }

    private static HashSet<string> ReadNames(ReadOnlySpan<byte> list)
    {
        HashSet<string> names = [];
        if (list.IsEmpty)
            return names;
        var reader = new Utf8JsonReader(list);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.String)
            names.Add(reader.GetString()!);
        return names;
    }

    private static DecodedValue ReadValue(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return DecodedValue.Null;
            case JsonTokenType.True or JsonTokenType.False:
                return DecodedValue.OfNumber(reader.TokenType == JsonTokenType.True ? 1UL : 0UL);
            case JsonTokenType.Number:
                return DecodedValue.OfNumber(reader.TryGetUInt64(out ulong bits) ? bits : (ulong)reader.GetInt64());
            case JsonTokenType.String:
                return DecodedValue.OfBytes(Bytes(ref reader));
            case JsonTokenType.StartArray:
                var items = new List<DecodedValue>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    items.Add(ReadValue(ref reader));
                return DecodedValue.OfList(items);
            case JsonTokenType.StartObject:
                var fields = new List<KeyValuePair<string, DecodedValue>>();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    string name = reader.GetString()!;
                    reader.Read();
                    fields.Add(new(name, ReadValue(ref reader)));
                }
                return IsFd(fields) ? DecodedValue.OfFd(ToFd(fields)) : DecodedValue.OfStruct(fields);
            default:
                throw new FormatException("\"decoded\" holds a value the recorder does not write");
        }
    }

    // The recorder's fd objects start with "fd", a number, and have a "type" unless that is all they have;
    // a struct with an fd member (pollfd) has other members.
    private static bool IsFd(List<KeyValuePair<string, DecodedValue>> fields) =>
        fields.Count > 0 && fields[0].Key == "fd" && fields[0].Value.Kind == DecodedValueKind.Number
        && (fields.Count == 1 || fields.Any(field => field.Key == "type"));

    private static DecodedFd ToFd(List<KeyValuePair<string, DecodedValue>> fields)
    {
        DecodedValue? Of(string key) => fields.FirstOrDefault(field => field.Key == key).Value;
        string? TextOf(string key) => Of(key) is { Kind: DecodedValueKind.String } value ? Encoding.UTF8.GetString(value.Bytes) : null;
        ulong? NumberOf(string key) => Of(key) is { Kind: DecodedValueKind.Number } value ? value.Bits : null;
        return new DecodedFd((int)fields[0].Value.Number, TextOf("type"))
        {
            Path = Of("path")?.Bytes,
            Proto = TextOf("proto"),
            Src = TextOf("src"),
            Dst = TextOf("dst"),
            Inode = NumberOf("inode"),
            PeerInode = NumberOf("peer_inode"),
            Name = TextOf("name"),
            Major = (uint?)NumberOf("major"),
            Minor = (uint?)NumberOf("minor"),
            Pid = (int?)NumberOf("pid"),
            Deleted = NumberOf("deleted") == 1,
        };
    }

    private static byte[] Bytes(ref Utf8JsonReader reader)
    {
        byte[] text = new byte[reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length];
        int length = reader.CopyString(text);
        byte[] bytes = new byte[length];
        if (!CommText.TryUnescape(text.AsSpan(0, length), bytes, out int unescaped))
            throw new FormatException("a string of \"decoded\" has a backslash that is not \\\\ or \\xHH");
        return bytes[..unescaped];
    }
}
