namespace Sysrec.Tests.Integration;

/// <summary>Paths in the checkout under test: the built binary and the workload sources.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>The Native AOT binary `make` leaves in the root: what users run.</summary>
    public static string Sysrec => Path.Combine(Root, "sysrec");

    public static string Workload(string file) => Path.Combine(Root, "tests", "workloads", file);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "bpf", "sysrec.h")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"no sysrec checkout above {AppContext.BaseDirectory}");
    }
}
