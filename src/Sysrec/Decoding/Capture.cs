namespace Sysrec.Decoding;

/// <summary>One captured argument, as <see cref="CaptureSet"/> finds it: its payload (laid out as <see cref="CaptureKind"/> says) and what it lacks.</summary>
internal readonly ref struct Capture(CaptureKind kind, CaptureFlags flags, int argument, int element, uint fullLength, ReadOnlySpan<byte> data)
{
    public CaptureKind Kind { get; } = kind;

    public CaptureFlags Flags { get; } = flags;

    /// <summary>0..5 an argument, <see cref="CaptureSet.ReturnValue"/> the return value.</summary>
    public int Argument { get; } = argument;

    public int Element { get; } = element;

    /// <summary>The length the call had: what strace compares with -s to print <c>...</c>.</summary>
    public uint FullLength { get; } = fullLength;

    public ReadOnlySpan<byte> Data { get; } = data;

    public bool Unreadable => (Flags & CaptureFlags.Unreadable) != 0;

    public bool Truncated => (Flags & CaptureFlags.Truncated) != 0;
}
