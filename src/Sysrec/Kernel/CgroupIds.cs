using System.Runtime.CompilerServices;

namespace Sysrec.Kernel;

/// <summary><c>sysrec_config.cgroup_ids</c>: the ids of the cgroups --cgroup selects.</summary>
[InlineArray(Length)]
internal struct CgroupIds
{
    /// <summary>SYSREC_MAX_CGROUPS.</summary>
    public const int Length = 16;

    private ulong _first;
}
