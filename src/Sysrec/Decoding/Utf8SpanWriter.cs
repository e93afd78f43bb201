using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.CompilerServices;

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

    // Inlined, so that appending a literal copies its few bytes in place rather than calling memmove.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Append(scoped ReadOnlySpan<byte> text)
    {
        if (Overflowed || !text.TryCopyTo(_destination[_length..]))
        {
            Overflow();
            return;
        }
        _length += text.Length;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Append(byte character)
    {
        if (Overflowed || (uint)_length >= (uint)_destination.Length)
        {
            Overflow();
            return;
        }
        _destination[_length++] = character;
    }

    /// <summary>
    /// Up to four bytes packed by <see cref="Pack"/>: written with one store where the copy of a short span
    /// would call memmove (an escape per byte of a binary buffer).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AppendPacked(ulong packed)
    {
        int length = (int)(packed >> 32), room = _destination.Length - _length;
        if (Overflowed || room < length)
        {
            Overflow();
            return;
        }
        if (room >= sizeof(uint))
            BinaryPrimitives.WriteUInt32LittleEndian(_destination[_length..], (uint)packed);
        else
            for (int i = 0; i < length; i++)
                _destination[_length + i] = (byte)(packed >> (8 * i));
        _length += length;
    }

    /// <summary>At most four bytes, for <see cref="AppendPacked"/>: the bytes in the low word, first lowest, and their count above.</summary>
    public static ulong Pack(ReadOnlySpan<byte> bytes)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bytes.Length, sizeof(uint));
        ulong packed = (ulong)bytes.Length << 32;
        for (int i = 0; i < bytes.Length; i++)
            packed |= (ulong)bytes[i] << (8 * i);
        return packed;
    }

    /// <summary>The byte <paramref name="count"/> times (none for a count below 1): padding.</summary>
    public void AppendRepeated(byte character, int count)
    {
        if (count > 0)
            Reserve(count).Fill(character);
    }

    /// <summary>C's <c>%llu</c>.</summary>
    public void AppendDecimal(ulong value)
    {
        // Most numbers on a line are one digit (an fd, a return of 0); the runtime's own formatting, the
        // fastest measured, writes the others (pointers and times in ns have up to twenty).
        if (value < 10)
            Append((byte)('0' + value));
        else
            AppendNumber(value, default);
    }

    /// <summary>C's <c>%lld</c>.</summary>
    public void AppendDecimal(long value)
    {
        if ((ulong)value < 10)
            Append((byte)('0' + value));
        else
            AppendNumber(value, default);
    }

    /// <summary>C's <c>%#llx</c>: <c>0x</c> and lower-case digits, but a bare <c>0</c> for zero.</summary>
    public void AppendHex(ulong value)
    {
        if (value != 0)
            Append("0x"u8);
        AppendNumber(value, "x");
    }

    /// <summary>C's <c>%llx</c>: lower-case hex digits without a prefix.</summary>
    public void AppendHexDigits(ulong value) => AppendNumber(value, "x");

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

    private void AppendNumber<T>(T value, ReadOnlySpan<char> format) where T : IUtf8SpanFormattable
    {
        if (Overflowed || !value.TryFormat(_destination[_length..], out int written, format, CultureInfo.InvariantCulture))
        {
            Overflow();
            return;
        }
        _length += written;
    }

    /// <summary>C's <c>%0*llu</c>: the decimal digits, with 0s before them to make at least <paramref name="digits"/>.</summary>
    public void AppendZeroPadded(ulong value, int digits)
    {
        // Two digits at a time from the right, as the runtime's own formatting does, without its format parsing.
        Span<byte> room = Reserve(Math.Max(CountDigits(value), digits));
        if (room.IsEmpty)
            return;
        int at = room.Length;
        for (; value >= 100; value /= 100)
        {
            int pair = 2 * (int)(value % 100);
            room[--at] = DigitPairs[pair + 1];
            room[--at] = DigitPairs[pair];
        }
        if (value >= 10)
        {
            room[--at] = DigitPairs[2 * (int)value + 1];
            room[--at] = DigitPairs[2 * (int)value];
        }
        else
            room[--at] = (byte)('0' + value);
        while (at > 0)
            room[--at] = (byte)'0';
    }

    private static int CountDigits(ulong value)
    {
        int digits = 1;
        for (; value >= 10_000; value /= 10_000)
            digits += 4;
        return value < 10 ? digits : value < 100 ? digits + 1 : value < 1000 ? digits + 2 : digits + 3;
    }

    // The next length bytes, for the caller to fill; empty once the writer has overflowed.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Span<byte> Reserve(int length)
    {
        if (Overflowed || length > _destination.Length - _length)
        {
            Overflow();
            return default;
        }
        Span<byte> room = _destination.Slice(_length, length);
        _length += length;
        return room;
    }

    private void Overflow() => Overflowed = true;

    private static ReadOnlySpan<byte> DigitPairs =>
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"u8;
}
