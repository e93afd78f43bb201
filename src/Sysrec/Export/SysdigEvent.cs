using System.Text;

namespace Sysrec.Export;

/// <summary>The event sysdig records a syscall as: its name (<c>pread</c> for pread64) and what it carries on entry and on exit.</summary>
internal sealed class SysdigEvent(string name, SysdigParameter[] entry, SysdigParameter[] exit)
{
    public ReadOnlyMemory<byte> Name { get; } = Encoding.UTF8.GetBytes(name);

    public IReadOnlyList<SysdigParameter> Entry { get; } = entry;

    public IReadOnlyList<SysdigParameter> Exit { get; } = exit;
}
