using System.Runtime.CompilerServices;

namespace Sysrec.Kernel;

[InlineArray(Length)]
internal struct PathBytes
{
    public const int Length = 256; // SYSREC_ARG_PATH_LEN

    private byte _first;
}
