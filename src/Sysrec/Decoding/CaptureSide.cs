namespace Sysrec.Decoding;

/// <summary>When the kernel reads a capture: in the enter record, or in the exit record once the call has filled it.</summary>
internal enum CaptureSide : byte
{
    Entry,
    Exit,
}
