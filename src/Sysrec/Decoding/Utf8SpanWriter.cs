namespace Sysrec.Decoding;

/// <summary>
/// Appends UTF-8 text to a caller's buffer without allocating, in the number formats strace prints.
/// Writing past the end sets <see cref="Overflowed"/> and drops that and all that follows, so a formatter
/// need not check each step: the caller checks once, and retries with a bigger buffer or cuts the line.
/// </summary>
internal ref struct Utf8SpanWriter(Span<byte> destination)
{
    private readonly Span<byte> _destination = destination;
    private int _length;

    public bool Overflowed { readonly get; private set; }

    public readonly ReadOnlySpan<byte> Written => _destination[.._length];

    public void Append(scoped ReadOnlySpan<byte> text)
    {
        if (Overflowed || !text.TryCopyTo(_destination[_length..]))
        {
            Overflow();
            return;
        }
        _length += text.Length;
    }

    public void Append(byte character) => Append([character]);

    /// <summary>C's <c>%llu</c>.</summary>
    public void AppendDecimal(ulong value) => AppendNumber(value, default);

    /// <summary>C's <c>%lld</c>.</summary>
    public void AppendDecimal(long value)
    {
        if (Overflowed || !value.TryFormat(_destination[_length..], out int written, default, null))
        {
            Overflow();
            return;
        }
        _length += written;
    }

    /// <summary>C's <c>%#llx</c>: <c>0x</c> and lower-case digits, but a bare <c>0</c> for zero.</summary>
    public void AppendHex(ulong value)
    {
        if (value != 0)
            Append("0x"u8);
        AppendNumber(value, "x");
    }

    /// <summary>C's <c>%#03llo</c>, strace's file modes: <c>000</c>, <c>0644</c>, <c>010</c>.</summary>
    public void AppendOctalMode(ulong value)
    {
        Span<byte> digits = stackalloc byte[24];
        int start = digits.Length;
        do
        {
            digits[--start] = (byte)('0' + (value & 7));
            value >>= 3;
        }
        while (value != 0);
        if (digits[start] != '0')
            digits[--start] = (byte)'0';
        while (digits.Length - start < 3)
            digits[--start] = (byte)'0';
        Append(digits[start..]);
    }

    private void AppendNumber(ulong value, ReadOnlySpan<char> format)
    {
        if (Overflowed || !value.TryFormat(_destination[_length..], out int written, format, null))
        {
            Overflow();
            return;
        }
        _length += written;
    }

    private void Overflow() => Overflowed = true;
}
