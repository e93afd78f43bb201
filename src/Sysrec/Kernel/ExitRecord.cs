using System.Runtime.InteropServices;

namespace Sysrec.Kernel;

/// <summary>Mirror of <c>struct exit_record</c>: a call returned, its exit captures following to the record's end.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct ExitRecord
{
    public DecodeHeader Header;
    /// <summary>The raw return, -errno on failure.</summary>
    public long Ret;
}
