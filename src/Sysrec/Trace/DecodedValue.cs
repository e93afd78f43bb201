using System.Text;

namespace Sysrec.Trace;

/// <summary>
/// One decoded argument of a jsonl recording, read back: by its <see cref="Kind"/>, a number, bytes, a
/// list, a struct's fields or an fd. The properties of the other kinds are empty or null.
/// </summary>
internal sealed class DecodedValue
{
    public static readonly DecodedValue Null = new(DecodedValueKind.Null);

    private DecodedValue(DecodedValueKind kind) => Kind = kind;

    public DecodedValueKind Kind { get; }

    /// <summary>A number's 64 bits, as the register held them: -100 and 18446744073709551516 alike.</summary>
    public ulong Bits { get; private init; }

    /// <summary>A number read as signed.</summary>
    public long Number => (long)Bits;

    /// <summary>A string's bytes, its escapes undone (the kernel's bytes).</summary>
    public byte[] Bytes { get; private init; } = [];

    public IReadOnlyList<DecodedValue> Items { get; private init; } = [];

    public IReadOnlyList<KeyValuePair<string, DecodedValue>> Fields { get; private init; } = [];

    public DecodedFd? Fd { get; private init; }

    /// <summary>A string's bytes as text (<see cref="CommText.Escape"/>'s: UTF-8 as it is, other bytes as <c>\xHH</c>).</summary>
    public string Text => CommText.Escape(Bytes);

    /// <summary>A list's strings as text: a flag set's names.</summary>
    public IEnumerable<string> Names => Items.Where(item => item.Kind == DecodedValueKind.String).Select(item => Encoding.UTF8.GetString(item.Bytes));

    /// <summary>A struct's field, or null.</summary>
    public DecodedValue? Field(string name) => Fields.FirstOrDefault(field => field.Key == name).Value;

    public static DecodedValue OfNumber(ulong bits) => new(DecodedValueKind.Number) { Bits = bits };

    public static DecodedValue OfBytes(byte[] bytes) => new(DecodedValueKind.String) { Bytes = bytes };

    public static DecodedValue OfList(IReadOnlyList<DecodedValue> items) => new(DecodedValueKind.List) { Items = items };

    public static DecodedValue OfStruct(IReadOnlyList<KeyValuePair<string, DecodedValue>> fields) => new(DecodedValueKind.Struct) { Fields = fields };

    public static DecodedValue OfFd(DecodedFd fd) => new(DecodedValueKind.Fd) { Fd = fd };

    public override string ToString() => Kind switch
    {
        DecodedValueKind.Null => "null",
        DecodedValueKind.Number => Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
        DecodedValueKind.String => Text,
        DecodedValueKind.List => $"[{string.Join(", ", Items)}]",
        DecodedValueKind.Struct => $"{{{string.Join(", ", Fields.Select(field => $"{field.Key}={field.Value}"))}}}",
        _ => Fd!.ToString(),
    };
}
