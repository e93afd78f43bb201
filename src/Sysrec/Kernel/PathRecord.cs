using System.Runtime.InteropServices;

namespace Sysrec.Kernel;

/// <summary>Mirror of <c>struct path_record</c>: a record with its path arguments (--paths), or an exec event.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PathRecord
{
    public SyscallRecord Call;
    public PathArgs Paths;
}
