using System.Buffers.Binary;

namespace Sysrec.Decoding;

/// <summary>Little-endian fields of a captured struct, by offset; a field past the captured bytes reads as 0.</summary>
internal readonly ref struct StructFields(ReadOnlySpan<byte> data, int wordSize)
{
    private readonly ReadOnlySpan<byte> _data = data;

    public int WordSize { get; } = wordSize;

    public int Length => _data.Length;

    public ReadOnlySpan<byte> Bytes(int offset, int length) =>
        offset >= _data.Length ? default : _data.Slice(offset, Math.Min(length, _data.Length - offset));

    public int Int(int offset) => offset + 4 <= _data.Length ? BinaryPrimitives.ReadInt32LittleEndian(_data[offset..]) : 0;

    public uint UInt(int offset) => (uint)Int(offset);

    public ushort UShort(int offset) => offset + 2 <= _data.Length ? BinaryPrimitives.ReadUInt16LittleEndian(_data[offset..]) : (ushort)0;

    public long Long64(int offset) => offset + 8 <= _data.Length ? BinaryPrimitives.ReadInt64LittleEndian(_data[offset..]) : 0;

    public ulong ULong64(int offset) => (ulong)Long64(offset);

    /// <summary>A C <c>long</c> of the ABI, sign-extended.</summary>
    public long Long(int offset) => WordSize == 8 ? Long64(offset) : Int(offset);

    /// <summary>A C <c>unsigned long</c> or pointer of the ABI.</summary>
    public ulong ULong(int offset) => WordSize == 8 ? ULong64(offset) : UInt(offset);
}
