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
    [InlineData("--tls-ca", "ca.pem", "--tls-ca: only means something with --sink")]
    [InlineData("--user", "u", "--user: only means something with --sink")]
    public void ABadStreamOptionIsAUsageError(string option, string value, string message)
    {
        using var dir = new TempDirectory();

        CommandResult result = Run.Command(Repository.Sysrec, ["record", "-q", "sr_none", option, value], dir.Path);

        Assert.StartsWith($"sysrec: {message}", ErrorOutput.AssertOneLine(result, exitCode: 2));
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
    [InlineData("--subject", "sysrec.other", "--subject: 'sysrec.other' does not end with the host name, .h1;")]
    [InlineData("--tls-ca", "missing.pem", "--tls-ca: cannot read missing.pem: no such file or directory. Check the file name")]
    [InlineData("--tls-ca", "notes", "--tls-ca: notes holds no PEM certificate (-----BEGIN CERTIFICATE-----). Give the CA's certificate")]
    [InlineData("--tls-cert", "notes", "--tls-cert: needs --tls-key, the certificate's private key")]
    [InlineData("--nkey", "missing.nk", "--nkey: cannot read missing.nk: no such file or directory. Check the file name")]
    [InlineData("--nkey", "secret", "--nkey: secret holds no user NKey seed (a line starting SU). Give the seed nk or nsc made for this user")]
    [InlineData("--creds", "secret", "--creds: secret holds no user JWT (-----BEGIN NATS USER JWT-----). Give the .creds file nsc wrote for this user")]
    [InlineData("--token-file", "notes", "--token-file: notes can be read by others than its owner (mode 0644), and it holds a secret. chmod 600 notes")]
    [InlineData("--password-file", "secret", "--password-file: needs --user, the user it is the password of")]
    [InlineData("--user", "u", "--user: needs the password, in --password-file FILE or the environment variable SYSREC_NATS_PASSWORD")]
    public void ABadOptionBesideSinkIsAUsageError(string option, string? value, string message)
    {
        using var dir = new TempDirectory();

        File.WriteAllText(dir.File("notes"), "not a certificate\n");
        File.SetUnixFileMode(dir.File("notes"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        File.WriteAllText(dir.File("secret"), "not a secret either\n");
        File.SetUnixFileMode(dir.File("secret"), UnixFileMode.UserRead | UnixFileMode.UserWrite);

        CommandResult result = Run.Command(Repository.Sysrec, ["record", "-q", "sr_none", "--sink", "nats://127.0.0.1:1", .. option == "--host" ? [] : new[] { "--host", "h1" }, option, .. value is null ? [] : new[] { value }], dir.Path);

        Assert.StartsWith($"sysrec: {message}", ErrorOutput.AssertOneLine(result, exitCode: 2));
        Assert.Equal(["notes", "secret"], Directory.EnumerateFileSystemEntries(dir.Path).Select(Path.GetFileName).Order());
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
        Assert.StartsWith("sysrec: --stream: 'a.b' is not a stream name", ErrorOutput.AssertOneLine(badName, exitCode: 2));
        Assert.False(Directory.Exists(dataset));
    }

    [Theory]
    [InlineData("nats://10.1.2.3:4222", "--user", "--user and SYSREC_NATS_PASSWORD: the credentials would cross the network in plain text to nats://10.1.2.3:4222. Use a tls:// address (with --tls-ca), or --allow-plaintext-credentials")]
    [InlineData("nats://u:p@127.0.0.1:4222", "--user", "--from: 'nats://u:p@127.0.0.1:4222' is not a NATS address; give nats://HOST:PORT or tls://HOST:PORT (several separated by commas), and credentials with --user and --password-file, which ps does not show")]
    [InlineData("nats://127.0.0.1:1", "--filter=sysrec.*", "--filter: 'sysrec.*' is not a subject ending in '>', which stands for the host name (e.g. sysrec.> or sysrec.rack1.>)")]
    [InlineData("nats://127.0.0.1:1", "--tls-key=key.pem", "--tls-key: needs --tls-cert, the certificate it is the key of")]
    public void ABadCollectBrokerOptionIsAUsageError(string url, string option, string message)
    {
        using var dir = new TempDirectory();
        string[] extra = option == "--user" ? ["--user", "collector"] : [option];

        CommandResult result = Run.Command(Repository.Sysrec, ["collect", "--from", url, "--stream", "S", "-d", dir.File("dataset"), .. extra], dir.Path,
            environment: new Dictionary<string, string> { ["SYSREC_NATS_PASSWORD"] = "secret" });

        Assert.Equal($"sysrec: {message}. Run 'sysrec collect --help' for usage.", ErrorOutput.AssertOneLine(result, exitCode: 2));
        Assert.False(Directory.Exists(dir.File("dataset")));
    }

    [Fact]
    public void AClientCertificateThatExpiredOrAKeyNotItsIsAUsageError()
    {
        using var certificates = new TestCertificates();
        using var dir = new TempDirectory();

        CommandResult expired = Run.Command(Repository.Sysrec, ["collect", "--from", "tls://127.0.0.1:1", "--stream", "S", "-d", dir.File("dataset"),
            "--tls-cert", certificates.Cert("expired-server"), "--tls-key", certificates.Key("expired-server")]);
        CommandResult mismatched = Run.Command(Repository.Sysrec, ["collect", "--from", "tls://127.0.0.1:1", "--stream", "S", "-d", dir.File("dataset"),
            "--tls-cert", certificates.Cert("client"), "--tls-key", certificates.Key("server")]);

        Assert.StartsWith($"sysrec: --tls-cert: the certificate in {certificates.Cert("expired-server")} expired on ", ErrorOutput.AssertOneLine(expired, exitCode: 2));
        Assert.Equal($"sysrec: --tls-key: {certificates.Key("server")} is not the private key of the certificate in {certificates.Cert("client")} (both PEM, the key unencrypted). Give the matching pair",
            ErrorOutput.AssertOneLine(mismatched, exitCode: 2));
        Assert.False(Directory.Exists(dir.File("dataset")));
    }
}
