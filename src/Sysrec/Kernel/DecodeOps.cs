using System.Runtime.CompilerServices;

namespace Sysrec.Kernel;

[InlineArray(Length)]
internal struct DecodeOps
{
    public const int Length = 8; // SYSREC_DECODE_OPS

    private DecodeOp _first;
}
