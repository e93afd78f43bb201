using System.Runtime.InteropServices;

namespace Sysrec.Kernel;

/// <summary>Mirror of <c>struct path_args</c>: the path arguments of one call, in argument order.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PathArgs
{
    public uint Count;
    public PathArgPair Arg;
}
