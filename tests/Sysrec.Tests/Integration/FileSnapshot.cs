namespace Sysrec.Tests.Integration;

/// <summary>A file's (or link's, or FIFO's) owner, mode, size, modification time and bytes: equal snapshots mean nobody touched it.</summary>
internal sealed record FileSnapshot(string Stat, string ContentHex)
{
    public static FileSnapshot Of(string path)
    {
        // lstat's view: of a link, the link itself.
        CommandResult stat = Run.Command("stat", ["--format", "uid %u gid %g mode %a size %s mtime %.9Y type %F", path]);
        Assert.True(stat.ExitCode == 0, $"stat {path}: {stat.Stderr}");
        // Only a regular file's bytes can be read without side effects (a FIFO's read would block).
        bool regular = stat.Stdout.Contains("type regular", StringComparison.Ordinal);
        return new FileSnapshot(stat.Stdout.Trim(), regular ? Convert.ToHexString(File.ReadAllBytes(path)) : "");
    }

    /// <summary>The permission bits as `stat` prints them, e.g. "600".</summary>
    public static string Mode(string path)
    {
        CommandResult stat = Run.Command("stat", ["--format", "%a", path]);
        Assert.True(stat.ExitCode == 0, $"stat {path}: {stat.Stderr}");
        return stat.Stdout.Trim();
    }
}
