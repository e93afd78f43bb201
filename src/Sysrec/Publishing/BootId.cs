namespace Sysrec.Publishing;

/// <summary>The kernel's id of this boot, which pids and monotonic timestamps belong to.</summary>
internal static class BootId
{
    private const string Path = "/proc/sys/kernel/random/boot_id";

    public static Guid Read()
    {
        try
        {
            return Guid.Parse(File.ReadAllText(Path).Trim());
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            throw new SysrecException(ExitCodes.Failure, $"cannot read {Path}: {e.Message}. The stream's record ids need the boot id");
        }
    }
}
