namespace Sysrec.Decoding;

/// <summary>What the kernel could not give of a capture (see <see cref="CaptureKind"/>).</summary>
[Flags]
internal enum CaptureFlags : byte
{
    None = 0,
    /// <summary>The pointer could not be read: strace prints the address.</summary>
    Unreadable = 1,
    /// <summary>The payload holds less than the call had: strace prints <c>...</c> after it.</summary>
    Truncated = 2,
}
