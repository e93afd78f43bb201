using Sysrec.Decoding;

namespace Sysrec.Export;

/// <summary>
/// The flags sysdig shows in its own encoding (its driver converts the kernel's), named by its flag
/// tables (sysdig-flags.tsv): <c>flags=4097(O_RDONLY|O_CLOEXEC)</c> for an openat with O_CLOEXEC.
/// </summary>
internal static class SysdigFlags
{
    public const string OpenFlagsTable = "file_flags";
    public const string SocketFamiliesTable = "socket_families";

    private static readonly (string Symbol, uint Value)[] s_openFlags = Table(OpenFlagsTable);
    private static readonly (string Symbol, uint Value)[] s_socketFamilies = Table(SocketFamiliesTable);

    private static readonly uint s_readOnly = Value("O_RDONLY"), s_writeOnly = Value("O_WRONLY"), s_readWrite = Value("O_RDWR");

    private static readonly ulong s_kernelTmpfile = KernelFlag("O_TMPFILE");

    // Each flag of sysdig's table beside the kernel's of the same name; the access modes are an enumeration, apart.
    private static readonly (ulong Kernel, uint Sysdig)[] s_openFlagBits =
        [.. s_openFlags.Select(flag => (Kernel: KernelFlag(flag.Symbol), flag.Value)).Where(pair => pair.Kernel != 0)];

    /// <summary>open's and openat's flags as sysdig's driver gives them: each one the kernel's flags hold, in sysdig's bit for it.</summary>
    public static uint FromOpenFlags(ulong flags)
    {
        uint value = (flags & 3) switch
        {
            1 => s_writeOnly,
            2 => s_readWrite,
            _ => s_readOnly,
        };
        // As the driver tests them: a flag of several bits (O_SYNC holds O_DSYNC's) counts when any is set.
        foreach ((ulong kernel, uint sysdig) in s_openFlagBits)
        {
            if ((flags & kernel) != 0)
                value |= sysdig;
        }
        return value;
    }

    /// <summary>
    /// Whether sysdig's driver shows a mode with the flags: when they hold a bit of O_CREAT or of
    /// O_TMPFILE, which holds O_DIRECTORY's bit too (so the driver's test says).
    /// </summary>
    public static bool CarriesMode(ulong flags) => (flags & (KernelConstants.O_CREAT | s_kernelTmpfile)) != 0;

    /// <summary>Whether sysrec writes a table's names: those sysdig-flags.tsv holds.</summary>
    public static bool Knows(string table) => table is OpenFlagsTable or SocketFamiliesTable;

    /// <summary>
    /// <c>(O_RDONLY|O_CLOEXEC)</c>: the names of the flags of <paramref name="table"/> that
    /// <paramref name="value"/> holds, in the table's order, each taking its bits away (so O_RDWR is not
    /// also O_RDONLY), as sysdig matches them; nothing when none is named.
    /// </summary>
    public static void WriteNames(ref SysdigLine line, string table, uint value)
    {
        uint initial = value;
        bool first = true;
        foreach ((string symbol, uint flag) in table == OpenFlagsTable ? s_openFlags : s_socketFamilies)
        {
            bool match = flag == 0 ? initial == 0 : (value & flag) == flag && value != 0;
            if (!match)
                continue;
            value &= ~flag;
            line.Text(first ? "("u8 : "|"u8);
            line.Text(symbol);
            first = false;
        }
        if (!first)
            line.Text(")"u8);
    }

    private static (string Symbol, uint Value)[] Table(string name) =>
        [.. SysdigFlagRows.All.Where(row => row.Table == name).Select(row => (row.Symbol, row.Value))];

    private static uint Value(string symbol) => s_openFlags.First(flag => flag.Symbol == symbol).Value;

    /// <summary>The kernel's value of an open flag by its name; 0 for the access modes and those the kernel has no name for.</summary>
    public static ulong KernelFlag(string symbol)
    {
        if (symbol is "O_RDONLY" or "O_WRONLY" or "O_RDWR" or "O_NONE")
            return 0;
        ConstantSet kernel = ConstantSets.OpenFlags;
        for (int i = 0; i < kernel.Count; i++)
        {
            if (kernel.Name(i).SequenceEqual(System.Text.Encoding.ASCII.GetBytes(symbol)))
                return kernel.Value(i);
        }
        return 0;
    }
}
