using System.Runtime.CompilerServices;

namespace Sysrec.Kernel;

[InlineArray(Length)]
internal struct SiginfoBytes
{
    public const int Length = 48; // SYSREC_SIGINFO_SIZE

    private byte _first;
}
