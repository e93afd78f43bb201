namespace Sysrec.Tests.Integration;

/// <summary>record --sink and collect given what they cannot use: one clear line, the README's exit code, nothing left behind.</summary>
[Collection(KernelCollection.Name)]
public sealed class StreamInputTests
{
    [Theory]
    [InlineData("--sink", "http://127.0.0.1:4222", "--sink: 'http://127.0.0.1:4222' is not a NATS address")]
    [InlineData("--sink", "nats://", "--sink: 'nats://' is not a NATS address")]
    [InlineData("--host", "web/01", "--host: only means something with --sink")]
    [InlineData("--spool-size", "1G", "--spool-size: only means something with --sink")]
    public void ABadStreamOptionIsAUsageError(string option, string value, string message)
    {
        using var dir = new TempDirectory();

        CommandResult result = Run.Command(Repository.Sysrec, ["record", "-q", "sr_none", option, value], dir.Path);

        Assert.StartsWith($"sysrec: {message}", ErrorOutput.AssertOneLine(FirstLineOnly(result), exitCode: 2));
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
    }

    [Theory]
    [InlineData("--host", "../etc", "--host: '../etc' is not a usable host name")]
    [InlineData("--host", "", "--host: '' is not a usable host name")]
    [InlineData("--subject", "sysrec.>", "--subject: 'sysrec.>' is not a subject to publish on")]
    [InlineData("--subject", "a..b", "--subject: 'a..b' is not a subject to publish on")]
    [InlineData("--spool-size", "lots", "--spool-size: 'lots' is not a size")]
    [InlineData("-o", "trace.log", "--output: with --sink the records go to the stream")]
    [InlineData("--format", "jsonl", "--format: with --sink the records go to the stream")]
    [InlineData("--paths", null, "--paths: the stream's records have no place for path strings")]
    public void ABadOptionBesideSinkIsAUsageError(string option, string? value, string message)
    {
        using var dir = new TempDirectory();

        CommandResult result = Run.Command(Repository.Sysrec, ["record", "-q", "sr_none", "--sink", "nats://127.0.0.1:1", option, .. value is null ? [] : new[] { value }], dir.Path);

        Assert.StartsWith($"sysrec: {message}", ErrorOutput.AssertOneLine(FirstLineOnly(result), exitCode: 2));
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
    }

    [Fact]
    public void AFileThatIsNotASpoolIsRefusedAndLeftAsItWas()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("notes"), "not a spool\n");

        CommandResult result = Run.Command(Repository.Sysrec, ["record", "-q", "sr_none", "--sink", "nats://127.0.0.1:1", "--spool", dir.File("notes")], dir.Path);

        Assert.Equal($"sysrec: cannot use {dir.File("notes")} as a spool: it holds something else. Choose another file with --spool FILE",
            ErrorOutput.AssertOneLine(result, exitCode: 1));
        Assert.Equal("not a spool\n", File.ReadAllText(dir.File("notes")));
    }

    [Fact]
    public void CollectFromNoBrokerOrAMissingStreamSaysSoAndWritesNothing()
    {
        using var dir = new TempDirectory();
        using var servers = NatsServers.Start(1);
        string dataset = dir.File("dataset");

        CommandResult unreachable = Run.Command(Repository.Sysrec, ["collect", "--from", "nats://127.0.0.1:1", "--stream", "S", "-d", dataset]);
        CommandResult missing = Run.Command(Repository.Sysrec, ["collect", "--from", servers.Url, "--stream", "NOPE", "-d", dataset]);
        CommandResult badName = Run.Command(Repository.Sysrec, ["collect", "--from", servers.Url, "--stream", "a.b", "-d", dataset]);

        Assert.StartsWith("sysrec: cannot reach nats://127.0.0.1:1: ", ErrorOutput.AssertOneLine(unreachable, exitCode: 1));
        Assert.Equal($"sysrec: there is no stream NOPE on {servers.Url}. Create it with --create-stream, or check --stream", ErrorOutput.AssertOneLine(missing, exitCode: 1));
        Assert.StartsWith("sysrec: --stream: 'a.b' is not a stream name", ErrorOutput.AssertOneLine(FirstLineOnly(badName), exitCode: 2));
        Assert.False(Directory.Exists(dataset));
    }

    // A usage error is followed by the pointer to --help, which is not a second error.
    private static CommandResult FirstLineOnly(CommandResult result) =>
        result with { Stderr = string.Join('\n', result.Stderr.Split('\n').Where(line => !line.StartsWith("Run 'sysrec", StringComparison.Ordinal))) };
}
