namespace Sysrec.Analysis;

/// <summary>
/// The calls a container runtime makes itself after loading a container's filter and before exec'ing
/// its program, from runtime-calls.tsv (measured by scripts/snapshot-runtime-calls on the versions it
/// names). A recording of the program never holds them, yet without them the runtime fails, or for
/// runc, whose Go runtime threads run under the filter too, crashes now and then.
/// </summary>
internal sealed record RuntimeCalls(string Runtime, string Version, IReadOnlyList<string> Syscalls)
{
    private const string AnySetting = "any";

    public static RuntimeCalls For(ContainerRuntime runtime, bool noNewPrivileges)
    {
        string name = runtime switch
        {
            ContainerRuntime.Crun or ContainerRuntime.Podman => "crun",
            ContainerRuntime.Runc or ContainerRuntime.Docker => "runc",
            _ => throw new ArgumentOutOfRangeException(nameof(runtime), runtime, "no runtime calls anything but the exec"),
        };
        string setting = noNewPrivileges ? "true" : "false";
        var rows = RuntimeCallRows.All.Where(row => row.Runtime == name && (row.NoNewPrivileges == setting || row.NoNewPrivileges == AnySetting)).ToList();
        return new RuntimeCalls(name, rows[0].Version, [.. rows.Select(row => row.Syscall).Distinct().Order(StringComparer.Ordinal)]);
    }
}
