using System.Text.RegularExpressions;

namespace Sysrec.Tests.Integration;

/// <summary>
/// Every command that reads a file, given files it cannot use: one clear line naming the file (and the
/// line, where there is one), exit code 1 for a file that cannot be read and 2 for one that reads but is
/// not what it should be, no stack trace, and no output left behind.
/// </summary>
/// <remarks>In the kernel collection: a names file wrongly accepted would start a recording.</remarks>
[Collection(KernelCollection.Name)]
public sealed class BadInputTests
{
    public enum Reader { Split, Formatter, NamesFrom }

    public enum BadFile { Missing, Directory, Unreadable, Binary, Empty, GigabyteLine }

    public static TheoryData<Reader, BadFile> Cases()
    {
        var cases = new TheoryData<Reader, BadFile>();
        foreach (Reader reader in Enum.GetValues<Reader>())
        {
            // An empty recording is a recording (RecordingEdgeTests); an empty list of names names nothing.
            foreach (BadFile file in Enum.GetValues<BadFile>().Where(file => file != BadFile.Empty || reader == Reader.NamesFrom))
                cases.Add(reader, file);
        }
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ABadInputFileIsNamedInOneLineAndLeavesNothingBehind(Reader reader, BadFile kind)
    {
        using var dir = new TempDirectory();
        // The reader's working directory holds only the input: whatever else appears there was left behind.
        string work = dir.File("work");
        Directory.CreateDirectory(work);
        string input = Path.Combine(work, "input");
        (string? line, string why) = Make(kind, input, reader);
        Assert.False(string.IsNullOrEmpty(why), "a case must name the text its error line holds");
        string[] before = Listing(dir.Path);

        CommandResult result = Read(reader, kind == BadFile.Unreadable ? "/proc/self/mem" : input, work);

        string error = ErrorOutput.AssertOneLine(result, exitCode: kind is BadFile.Missing or BadFile.Directory or BadFile.Unreadable ? 1 : 2);
        if (kind == BadFile.Unreadable)
            input = "/proc/self/mem";
        Assert.Contains(input, error);
        if (line is not null)
            Assert.Matches($"{Regex.Escape(input)}:{line}: ", error);
        Assert.Contains(why, error);
        Assert.Equal(before, Listing(dir.Path));
    }

    /// <summary>Makes the bad file; returns the line the error must point at (a pattern, if there is one) and what it must say.</summary>
    private static (string? Line, string Why) Make(BadFile kind, string path, Reader reader)
    {
        // A names file wants program names, a trace wants pid:syscall_id:comm lines.
        string good = reader == Reader.NamesFrom ? "sr_first\n" : "1:1:sr_first\n";
        switch (kind)
        {
            case BadFile.Missing:
                return (null, "no such file");
            case BadFile.Directory:
                Directory.CreateDirectory(path);
                return (null, "is a directory");
            case BadFile.Unreadable:
                // Even root reads nothing at offset 0 of a process's memory: an I/O error, whoever reads it.
                return (null, "Input/output error");
            case BadFile.Binary:
                // What an ELF file looks like to a line reader: NULs, high bytes, newlines here and there.
                byte[] bytes = new byte[8192];
                new Random(42).NextBytes(bytes);
                new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0 }.CopyTo(bytes, 0);
                File.WriteAllBytes(path, bytes);
                return ("1", reader == Reader.NamesFrom ? "not a program name" : "expected pid:syscall_id:comm");
            case BadFile.Empty:
                File.WriteAllBytes(path, []);
                return (null, "no program names");
            case BadFile.GigabyteLine:
                // Sparse: a gigabyte of NULs on disk costs nothing, and the temporary directory goes with the test.
                using (var file = new FileStream(path, FileMode.CreateNew))
                {
                    file.Write(System.Text.Encoding.ASCII.GetBytes(good));
                    file.SetLength(good.Length + (1L << 30));
                    file.Seek(0, SeekOrigin.End);
                    file.WriteByte((byte)'\n');
                }
                return ("2", "longer than");
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }

    private static CommandResult Read(Reader reader, string input, string work) => reader switch
    {
        Reader.Split => Run.Command(Repository.Sysrec, ["split", input, "-d", Path.Combine(work, "out")], work, TimeSpan.FromSeconds(60)),
        Reader.Formatter => Run.Command(Path.Combine(Repository.Root, "formatter"), [input], work, TimeSpan.FromSeconds(60)),
        // Were the file taken, the recording ends by itself rather than hang the test.
        Reader.NamesFrom => Run.Command(Repository.Sysrec, ["record", "-q", "-o", Path.Combine(work, "trace.log"), "--duration", "2s", "--names-from", input],
            work, TimeSpan.FromSeconds(60)),
        _ => throw new ArgumentOutOfRangeException(nameof(reader)),
    };

    private static string[] Listing(string root) =>
        [.. Directory.GetFileSystemEntries(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];
}
