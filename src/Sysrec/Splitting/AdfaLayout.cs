using System.Globalization;
using System.Text.RegularExpressions;
using Sysrec.IO;

namespace Sysrec.Splitting;

/// <summary>
/// Where a split in ADFA-LD's layout puts its files, and their names, as the dataset has them:
/// <c>Training_Data_Master/UTD-0001.txt</c>, <c>Validation_Data_Master/UVD-0001.txt</c>, and for an
/// attack, one folder per run of it, <c>Attack_Data_Master/Adduser_1/UAD-Adduser-1-0001.txt</c>. A split
/// adds to what the folders hold: files are numbered on from the highest there, an attack run gets the
/// next folder, and nothing already there is replaced.
/// </summary>
internal sealed partial class AdfaLayout
{
    private readonly string _prefix;
    private int _next;

    private AdfaLayout(string root, string[] folders, string prefix, int first)
    {
        Root = root;
        Folders = folders;
        _prefix = prefix;
        _next = first;
    }

    /// <summary>The dataset's folder, where the manifest of all its files is.</summary>
    public string Root { get; }

    /// <summary>The folders from the root down to the one the files go in.</summary>
    public IReadOnlyList<string> Folders { get; }

    public string Directory => Path.Combine([Root, .. Folders]);

    public static AdfaLayout For(string root, AdfaSet set, string? attack)
    {
        switch (set)
        {
            case AdfaSet.Training:
                return InFolder(root, "Training_Data_Master", "UTD-");
            case AdfaSet.Validation:
                return InFolder(root, "Validation_Data_Master", "UVD-");
            default:
                if (attack is null || !AttackName().IsMatch(attack))
                    throw SysrecException.BadArguments(attack is null
                        ? "--set attack: an attack's files go in a folder named for it; give --attack NAME (ADFA-LD has Adduser, Hydra_FTP, Web_Shell...)"
                        : $"--attack '{attack}': an attack's name is letters, digits, '_' and '-', as ADFA-LD's Adduser, Hydra_FTP and Web_Shell are. Give such a name");
                string master = Path.Combine(root, "Attack_Data_Master");
                int run = NextNumber(master, attack + "_", "", directories: true);
                string runFolder = string.Create(CultureInfo.InvariantCulture, $"{attack}_{run}");
                return new AdfaLayout(root, ["Attack_Data_Master", runFolder],
                    string.Create(CultureInfo.InvariantCulture, $"UAD-{attack.Replace('_', '-')}-{run}-"), first: 1);
        }
    }

    /// <summary>The name of the next file, numbered on from the last.</summary>
    public string NextFileName() => string.Create(CultureInfo.InvariantCulture, $"{_prefix}{_next++:D4}.txt");

    /// <summary>A file's path from the root, as the manifest gives it.</summary>
    public string FromRoot(string fileName) => string.Join('/', [.. Folders, fileName]);

    private static AdfaLayout InFolder(string root, string folder, string prefix) =>
        new(root, [folder], prefix, NextNumber(Path.Combine(root, folder), prefix, ".txt", directories: false));

    // One past the highest number in a name of the folder's that is prefix, digits, suffix; 1 in a folder
    // that is not there yet.
    private static int NextNumber(string folder, string prefix, string suffix, bool directories)
    {
        int highest = 0;
        try
        {
            IEnumerable<string> entries = directories ? System.IO.Directory.EnumerateDirectories(folder) : System.IO.Directory.EnumerateFiles(folder);
            foreach (string entry in entries)
            {
                ReadOnlySpan<char> name = Path.GetFileName(entry.AsSpan());
                if (name.Length > prefix.Length + suffix.Length && name.StartsWith(prefix, StringComparison.Ordinal)
                    && name.EndsWith(suffix, StringComparison.Ordinal)
                    && int.TryParse(name[prefix.Length..^suffix.Length], NumberStyles.None, CultureInfo.InvariantCulture, out int number))
                    highest = Math.Max(highest, number);
            }
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SysrecException(ExitCodes.Failure, $"cannot read {folder}: {FileErrors.Reason(e)}. Choose another directory with -d DIR", e);
        }
        return highest + 1;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex AttackName();
}
