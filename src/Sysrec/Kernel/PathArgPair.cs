using System.Runtime.CompilerServices;

namespace Sysrec.Kernel;

[InlineArray(Length)]
internal struct PathArgPair
{
    public const int Length = 2; // SYSREC_MAX_PATH_ARGS

    private PathArg _first;
}
