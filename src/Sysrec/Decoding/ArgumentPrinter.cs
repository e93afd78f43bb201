using System.Text;

namespace Sysrec.Decoding;

/// <summary>
/// How one argument of a syscall is printed and captured: its kind, the width and signedness of its C
/// type in the call's ABI (an <c>int</c> is 4 bytes and signed; <c>unsigned long</c> 4 bytes to an i386
/// caller), the formatter of a <see cref="ArgumentKind.Constants"/> argument, and for buffers, sets and
/// sockaddrs the argument that holds their length.
/// </summary>
internal sealed class ArgumentPrinter(string name, string type, ArgumentKind kind, int width, bool signed, ValueFormat? format = null, int length = -1, int highHalf = -1)
{
    private readonly byte[] _utf8Name = Encoding.ASCII.GetBytes(name);

    public string Name { get; } = name;

    public ReadOnlySpan<byte> Utf8Name => _utf8Name;

    /// <summary>The C type as tracefs spells it.</summary>
    public string Type { get; } = type;

    public ArgumentKind Kind { get; } = kind;

    /// <summary>Bytes of the value in the register: 4 or 8 (2 for umode_t, which strace prints as an int anyway).</summary>
    public int Width { get; } = width;

    public bool Signed { get; } = signed;

    public ValueFormat? Format { get; } = format;

    /// <summary>The index of the argument that holds this one's length; -1 for none.</summary>
    public int Length { get; } = length;

    /// <summary>For an <see cref="ArgumentKind.Offset64"/>, the index of the argument that holds its high 32 bits.</summary>
    public int HighHalf { get; } = highHalf;

    /// <summary>The register cut to the C type's width and extended by its signedness, as a 64-bit value.</summary>
    public long Value(ulong register) => Width switch
    {
        4 => Signed ? (int)register : (uint)register,
        2 => Signed ? (short)register : (ushort)register,
        _ => (long)register,
    };

    public override string ToString() => $"{Type} {Name}: {Kind}";
}
