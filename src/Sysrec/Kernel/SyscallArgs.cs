using System.Runtime.CompilerServices;

namespace Sysrec.Kernel;

[InlineArray(6)]
internal struct SyscallArgs
{
    private ulong _first;
}
