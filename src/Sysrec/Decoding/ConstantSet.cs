using System.Diagnostics;

namespace Sysrec.Decoding;

/// <summary>
/// One symbolic set strace prints (open flags, errno names, ioctl requests, ...), generated from the
/// kernel's headers into <see cref="ConstantSets"/> by scripts/gen-constant-sets from the list in
/// scripts/constant-sets. Lookups by value and formatting allocate nothing: names are UTF-8 spans of one
/// buffer. Values are 64-bit; a negative macro (RUSAGE_CHILDREN) is sign-extended, so a caller passes an
/// <c>int</c> argument sign-extended too. Flags keep strace's printing order; enumerations are sorted.
/// </summary>
internal sealed class ConstantSet
{
    private readonly ulong[] _values;
    private readonly byte[] _unknown;
    private readonly byte[] _names;
    private readonly int[] _nameStarts;

    /// <param name="names">The names in the order of <paramref name="values"/>, separated by NUL.</param>
    public ConstantSet(ConstantSetKind kind, ReadOnlySpan<byte> unknown, ReadOnlySpan<byte> names, ulong[] values)
    {
        Kind = kind;
        _unknown = unknown.ToArray();
        _values = values;
        _names = names.ToArray();
        _nameStarts = new int[values.Length + 1];
        int start = 0;
        for (int i = 0; i < values.Length; i++)
        {
            _nameStarts[i] = start;
            int end = names[start..].IndexOf((byte)0);
            start += (end < 0 ? names.Length - start : end) + 1;
        }
        _nameStarts[values.Length] = start;
        Debug.Assert(start == names.Length + 1, "one name per value");
    }

    public ConstantSetKind Kind { get; }

    /// <summary>What strace prints in a comment beside a value it cannot name (<c>O_???</c>); empty for none.</summary>
    public ReadOnlySpan<byte> Unknown => _unknown;

    public int Count => _values.Length;

    public ulong Value(int index) => _values[index];

    public ReadOnlySpan<byte> Name(int index) => _names.AsSpan(_nameStarts[index], _nameStarts[index + 1] - _nameStarts[index] - 1);

    /// <summary>The name of exactly this value; empty when the set has none.</summary>
    public ReadOnlySpan<byte> NameOf(ulong value)
    {
        int index = IndexOf(value);
        return index < 0 ? default : Name(index);
    }

    /// <summary>The value's text as strace prints a value of this set.</summary>
    public void Write(ref Utf8SpanWriter writer, ulong value)
    {
        if (Kind == ConstantSetKind.Enumeration)
            WriteEnumeration(ref writer, value, Unknown);
        else
            WriteFlags(ref writer, value, Unknown);
    }

    /// <summary>printxval: the name, or the value in hex with <paramref name="unknown"/> in a comment.</summary>
    public void WriteEnumeration(ref Utf8SpanWriter writer, ulong value, ReadOnlySpan<byte> unknown)
    {
        int index = IndexOf(value);
        if (index >= 0)
        {
            writer.Append(Name(index));
            return;
        }
        writer.AppendHex(value);
        WriteComment(ref writer, unknown);
    }

    /// <summary>
    /// printflags: the names of the bits set, joined by |, bits no name covers as hex after them; 0 as
    /// the set's name for 0, else as <c>0</c> (or nothing at all when <paramref name="unknown"/> is empty, as
    /// strace does); bits without any name as hex with <paramref name="unknown"/> in a comment.
    /// </summary>
    public void WriteFlags(ref Utf8SpanWriter writer, ulong value, ReadOnlySpan<byte> unknown)
    {
        if (value == 0)
        {
            int zero = IndexOf(0);
            if (zero >= 0)
                writer.Append(Name(zero));
            else if (!unknown.IsEmpty)
                writer.Append((byte)'0');
            return;
        }
        if (!WriteFlagNames(ref writer, value, separatorFirst: false))
        {
            writer.AppendHex(value);
            WriteComment(ref writer, unknown);
        }
    }

    /// <summary>
    /// The names of the bits set in a non-zero value, in the set's order, joined by | (and one before the
    /// first when <paramref name="separatorFirst"/>), with the bits no name covers as hex at the end.
    /// Writes nothing and returns false when no name matches.
    /// </summary>
    public bool WriteFlagNames(ref Utf8SpanWriter writer, ulong value, bool separatorFirst)
    {
        bool found = false;
        for (int i = 0; i < _values.Length && value != 0; i++)
        {
            ulong bits = _values[i];
            if (bits == 0 || (value & bits) != bits)
                continue;
            if (found || separatorFirst)
                writer.Append((byte)'|');
            writer.Append(Name(i));
            found = true;
            value &= ~bits;
        }
        if (found && value != 0)
        {
            writer.Append((byte)'|');
            writer.AppendHex(value);
        }
        return found;
    }

    private static void WriteComment(ref Utf8SpanWriter writer, ReadOnlySpan<byte> text)
    {
        if (text.IsEmpty)
            return;
        writer.Append(" /* "u8);
        writer.Append(text);
        writer.Append(" */"u8);
    }

    private int IndexOf(ulong value)
    {
        if (Kind == ConstantSetKind.Enumeration)
        {
            int index = Array.BinarySearch(_values, value);
            return index < 0 ? -1 : index;
        }
        return Array.IndexOf(_values, value);
    }
}
