using System.Text;
using Sysrec.Splitting;

namespace Sysrec.Tests.Splitting;

/// <summary>
/// `split --layout adfa`: ADFA-LD's form (written here from the dataset's published layout: i386 numbers,
/// a single space after each, no newline), its folders and names, numbering on from what is there.
/// </summary>
public sealed class AdfaLayoutTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sysrec-adfa-").FullName;

    private string Input => Path.Combine(_root, "trace.log");

    private string Dataset => Path.Combine(_root, "ADFA-LD");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void WritesEachProcessAsADFALDHasIt()
    {
        // x86_64 mmap, fstat, connect (socketcall in glibc's 32-bit calls); i386 getpid stays; x86_64 read is 3 in i386's table.
        File.WriteAllText(Input, "7:9:a\n8:0:b\n7:5:a\n7:i386/20:a\n7:42:a\n");

        SplitSummary summary = Split(AdfaSet.Training);

        Assert.Equal((5L, 2), (summary.Calls, summary.Files));
        Assert.Equal("192 197 20 102 ", File.ReadAllText(Path.Combine(Dataset, "Training_Data_Master", "UTD-0001.txt")));
        Assert.Equal("3 ", File.ReadAllText(Path.Combine(Dataset, "Training_Data_Master", "UTD-0002.txt")));
        Assert.Equal(["Training_Data_Master/UTD-0001.txt", "Training_Data_Master/UTD-0002.txt", "manifest.csv"], DatasetFiles());
    }

    [Fact]
    public void ALongTraceKeepsItsFormAcrossFlushes()
    {
        var log = new StringBuilder();
        for (int i = 0; i < 5000; i++)
            log.Append("1:0:a\n");
        File.WriteAllText(Input, log.ToString());

        Split(AdfaSet.Validation);

        Assert.Equal(string.Concat(Enumerable.Repeat("3 ", 5000)), File.ReadAllText(Path.Combine(Dataset, "Validation_Data_Master", "UVD-0001.txt")));
    }

    [Fact]
    public void NumbersOnFromWhatTheFolderHoldsAndKeepsIt()
    {
        string training = Directory.CreateDirectory(Path.Combine(Dataset, "Training_Data_Master")).FullName;
        File.WriteAllText(Path.Combine(training, "UTD-0833.txt"), "6 6 ");
        File.WriteAllText(Path.Combine(training, "UTD-12.txt"), "5 ");
        File.WriteAllText(Path.Combine(training, "notes.txt"), "kept");
        File.WriteAllText(Input, "1:0:a\n2:1:b\n");

        Split(AdfaSet.Training);

        Assert.Equal("3 ", File.ReadAllText(Path.Combine(training, "UTD-0834.txt")));
        Assert.Equal("4 ", File.ReadAllText(Path.Combine(training, "UTD-0835.txt")));
        Assert.Equal("6 6 ", File.ReadAllText(Path.Combine(training, "UTD-0833.txt")));
        Assert.Equal("kept", File.ReadAllText(Path.Combine(training, "notes.txt")));
    }

    [Fact]
    public void EachAttackSplitIsTheNextRunOfThatAttack()
    {
        Directory.CreateDirectory(Path.Combine(Dataset, "Attack_Data_Master", "Web_Shell_3"));
        Directory.CreateDirectory(Path.Combine(Dataset, "Attack_Data_Master", "Adduser_7"));
        File.WriteAllText(Input, "1:0:a\n2:1:b\n");

        Split(AdfaSet.Attack, "Web_Shell");
        Split(AdfaSet.Attack, "Web_Shell");

        string master = Path.Combine(Dataset, "Attack_Data_Master");
        Assert.Equal(["Adduser_7", "Web_Shell_3", "Web_Shell_4", "Web_Shell_5"],
            Directory.GetDirectories(master).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(["UAD-Web-Shell-4-0001.txt", "UAD-Web-Shell-4-0002.txt"],
            Directory.GetFiles(Path.Combine(master, "Web_Shell_4")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal("4 ", File.ReadAllText(Path.Combine(master, "Web_Shell_5", "UAD-Web-Shell-5-0002.txt")));
    }

    [Fact]
    public void TheManifestInTheRootListsEveryFileOfEverySplit()
    {
        File.WriteAllText(Input, "1:0:a\n2:1:b\n1:1:a\n");

        Split(AdfaSet.Training);
        Split(AdfaSet.Attack, "Hydra_FTP");

        (string[] header, List<ManifestRow> rows) = ManifestCsv.Read(Path.Combine(Dataset, "manifest.csv"));
        Assert.Equal(["file", "comm", "pid", "executable", "calls", "first_ts_ns", "last_ts_ns", "cgroup"], header);
        Assert.Equal([
            ("Training_Data_Master/UTD-0001.txt", "a", 1u, 2L), ("Training_Data_Master/UTD-0002.txt", "b", 2u, 1L),
            ("Attack_Data_Master/Hydra_FTP_1/UAD-Hydra-FTP-1-0001.txt", "a", 1u, 2L),
            ("Attack_Data_Master/Hydra_FTP_1/UAD-Hydra-FTP-1-0002.txt", "b", 2u, 1L)],
            rows.Select(r => (r.File, Encoding.UTF8.GetString(r.Comm), r.Id, r.Calls)));
    }

    [Fact]
    public void RefusesToReplaceAFileInTheRootThatIsNotAManifest()
    {
        Directory.CreateDirectory(Dataset);
        File.WriteAllText(Path.Combine(Dataset, "manifest.csv"), "someone's notes\r\n");
        File.WriteAllText(Input, "1:0:a\n");

        SysrecException error = Assert.Throws<SysrecException>(() => Split(AdfaSet.Training));

        Assert.Equal($"{Path.Combine(Dataset, "manifest.csv")} is not a split's manifest, and this split would replace it. Choose another directory with -d DIR", error.Message);
        Assert.Equal("someone's notes\r\n", File.ReadAllText(Path.Combine(Dataset, "manifest.csv")));
        Assert.Equal(["manifest.csv"], DatasetFiles());
        Assert.False(Directory.Exists(Path.Combine(Dataset, "Training_Data_Master")));
    }

    [Fact]
    public void ABadLineLeavesNoFolderBehindSoTheNextRunKeepsItsNumber()
    {
        File.WriteAllText(Input, "1:0:a\n2:x:b\n");

        Assert.Throws<SysrecException>(() => Split(AdfaSet.Attack, "Adduser"));

        Assert.False(Directory.Exists(Dataset));
    }

    [Theory]
    [InlineData("../up")]
    [InlineData("a/b")]
    [InlineData("")]
    [InlineData("-dash")]
    public void RefusesAnAttackNameThatIsNotAPlainName(string name)
    {
        SysrecException error = Assert.Throws<SysrecException>(() => AdfaLayout.For(Dataset, AdfaSet.Attack, name));

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.StartsWith($"--attack '{name}': an attack's name is letters, digits", error.Message);
    }

    private SplitSummary Split(AdfaSet set, string? attack = null) =>
        TraceSplitter.Split(Input, Dataset, new SplitOptions(WriteManifest: true, Adfa: AdfaLayout.For(Dataset, set, attack)));

    private string[] DatasetFiles() =>
        [.. Directory.GetFiles(Dataset, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(Dataset, path).Replace('\\', '/')).Order(StringComparer.Ordinal)];
}
