namespace Sysrec.Publishing;

/// <summary>A batch buffer, filled by the recorder and published from memory.</summary>
internal sealed class Batch(int capacity)
{
    public byte[] Buffer { get; } = GC.AllocateUninitializedArray<byte>(capacity);
    public int Length { get; set; }
    public int Records { get; set; }
}
