using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.NKeys;
using Sysrec.Kernel;
using Sysrec.Publishing;
using Sysrec.Streaming;
using static Sysrec.Tests.Integration.StreamTests;

namespace Sysrec.Tests.Integration;

/// <summary>
/// record --sink and collect against real nats-server processes on loopback that want TLS, client
/// certificates and users with per-host permissions, with a CA and certificates made for the test.
/// </summary>
[Collection(KernelCollection.Name)]
public sealed class StreamSecurityTests
{
    /// <summary>Client connections only over TLS with the certificate <paramref name="server"/>; with <paramref name="verifyClients"/>, only from holders of a certificate the CA signed.</summary>
    internal static string TlsConfig(TestCertificates certificates, string server = "server", bool verifyClients = false) => $$"""
        tls {
          cert_file: "{{certificates.Cert(server)}}"
          key_file: "{{certificates.Key(server)}}"
          ca_file: "{{certificates.CaFile}}"
          verify: {{(verifyClients ? "true" : "false")}}
          timeout: 2
        }
        """;

    [Fact]
    public void OverTlsTheRecordsArriveWhole()
    {
        using var certificates = new TestCertificates();
        using var servers = NatsServers.Start(1, TlsConfig(certificates), "tls");
        using var dir = new TempDirectory();
        string dataset = dir.File("dataset");
        string[] tls = ["--tls-ca", certificates.CaFile];
        CreateStream(servers.Url, dataset, replicas: 1, tls);
        string workload = Workloads.Build("getppid_loop.c", "sr_tls");
        var blocks = new Dictionary<(string Host, string Comm, int Pid), int>();
        CommandResult result;
        using (var recorder = RecordToStream(dir, servers.Url, "host-t", "sr_tls", tls))
        {
            blocks[("host-t", "sr_tls", Workloads.RunToEnd(workload, "5000"))] = 5000;
            result = recorder.Stop(RecorderProcess.SIGTERM);
        }

        long published = AllPublished(result);
        Assert.Equal(published, Count(CollectedPattern(), Collect(servers.Url, dataset, tls).Stderr));
        AssertDataset(dataset, "host-t", published, blocks);
    }

    [Theory]
    [InlineData("server", false, "its certificate is not signed by a CA this system trusts")]
    [InlineData("stranger-server", true, "its certificate is not signed by the CA in CA")]
    [InlineData("expired-server", true, "its certificate expired on ")]
    [InlineData("elsewhere-server", true, "its certificate is for broker.example.com, not 127.0.0.1")]
    public void AServerCertificateThatDoesNotCheckOutIsRefusedSayingWhy(string server, bool withCa, string why)
    {
        using var certificates = new TestCertificates();
        using var servers = NatsServers.Start(1, TlsConfig(certificates, server), "tls");
        using var dir = new TempDirectory();
        string[] tls = withCa ? ["--tls-ca", certificates.CaFile] : [];

        CommandResult collect = Run.Command(Repository.Sysrec, ["collect", "--from", servers.Url, "--stream", StreamTests.Stream, "-d", dir.File("dataset"), .. tls]);
        using var recorder = RecordToStream(dir, servers.Url, "host-x", "sr_none", tls);
        CommandResult record = recorder.WaitForExit(TimeSpan.FromSeconds(20));

        Assert.StartsWith($"sysrec: cannot connect to {servers.Url}: the server's certificate was refused: {why.Replace("CA in CA", $"CA in {certificates.CaFile}")}",
            ErrorOutput.AssertOneLine(collect, exitCode: 1));
        Assert.StartsWith($"sysrec: sysrec.host-x on {servers.Url}: the server's certificate was refused: {why.Replace("CA in CA", $"CA in {certificates.CaFile}")}",
            ErrorOutput.AssertOneLine(record, exitCode: 1));
        Assert.False(Directory.Exists(dir.File("dataset")));
    }

    [Fact]
    public void MutualTlsTakesOnlyClientsWithACertificateOfItsCa()
    {
        using var certificates = new TestCertificates();
        using var servers = NatsServers.Start(1, TlsConfig(certificates, verifyClients: true), "tls");
        using var dir = new TempDirectory();
        string dataset = dir.File("dataset");
        string[] tls = ["--tls-ca", certificates.CaFile, "--tls-cert", certificates.Cert("client"), "--tls-key", certificates.Key("client")];
        CreateStream(servers.Url, dataset, replicas: 1, tls);
        string workload = Workloads.Build("getppid_loop.c", "sr_mtls");
        var blocks = new Dictionary<(string Host, string Comm, int Pid), int>();
        CommandResult result;
        using (var recorder = RecordToStream(dir, servers.Url, "host-m", "sr_mtls", tls))
        {
            blocks[("host-m", "sr_mtls", Workloads.RunToEnd(workload, "3000"))] = 3000;
            result = recorder.Stop(RecorderProcess.SIGTERM);
        }
        CommandResult withoutCertificate = Run.Command(Repository.Sysrec, ["collect", "--from", servers.Url, "--stream", StreamTests.Stream, "-d", dataset, "--tls-ca", certificates.CaFile]);

        Assert.StartsWith($"sysrec: cannot connect to {servers.Url}: the broker refused the TLS connection (", ErrorOutput.AssertOneLine(withoutCertificate, exitCode: 1));
        Assert.EndsWith("If the broker asks for a client certificate, give it with --tls-cert and --tls-key", withoutCertificate.Stderr.Trim());
        long published = AllPublished(result);
        Assert.Equal(published, Count(CollectedPattern(), Collect(servers.Url, dataset, tls).Stderr));
        AssertDataset(dataset, "host-m", published, blocks);
    }

    [Fact]
    public void EachHostMayPublishOnlyAsItselfAndTheCollectorKeepsNoForgery()
    {
        using KeyPair hostB = KeyPair.CreatePair(PrefixByte.User), collector = KeyPair.CreatePair(PrefixByte.User);
        // As the README lays a fleet out: a user per host that may publish on its own subject only, a
        // collector that may only consume, an administrator who makes the stream.
        string config = $$"""
            authorization {
              users = [
                { user: admin, password: admin-secret }
                { user: host-a, password: a-secret, permissions: { publish: ["sysrec.host-a"], subscribe: ["_INBOX.>"] } }
                { nkey: {{hostB.GetPublicKey()}}, permissions: { publish: ["sysrec.host-b"], subscribe: ["_INBOX.>"] } }
                { nkey: {{collector.GetPublicKey()}}, permissions: {
                    publish: ["$JS.API.CONSUMER.CREATE.SYSREC.>", "$JS.API.CONSUMER.INFO.SYSREC.>", "$JS.API.CONSUMER.MSG.NEXT.SYSREC.>", "$JS.ACK.SYSREC.>"],
                    subscribe: ["_INBOX.>"] } }
              ]
            }
            """;
        using var servers = NatsServers.Start(1, config);
        using var dir = new TempDirectory();
        string dataset = dir.File("dataset");
        string passwordA = Secret(dir, "host-a.password", "a-secret\n"), wrongPassword = Secret(dir, "wrong.password", "guess\n");
        string seedB = Secret(dir, "host-b.nk", hostB.GetSeed() + "\n"), collectorSeed = Secret(dir, "collector.nk", collector.GetSeed() + "\n");
        CommandResult created = Run.Command(Repository.Sysrec, ["collect", "--from", servers.Url, "--stream", StreamTests.Stream, "--create-stream", "-d", dataset, "--user", "admin"],
            environment: new Dictionary<string, string> { ["SYSREC_NATS_PASSWORD"] = "admin-secret" });
        Assert.True(created.ExitCode == 0, created.Stderr);
        string workloadA = Workloads.Build("getppid_loop.c", "sr_auth_a"), workloadB = Workloads.Build("getppid_loop.c", "sr_auth_b");
        var blocks = new Dictionary<(string Host, string Comm, int Pid), int>();

        // No credentials, then a wrong password: refused, and what was recorded meanwhile waits in the spool.
        CommandResult anonymous, wrong;
        // They stop as soon as they learn it, perhaps before the workload is done: how much they took is the spool's count.
        using (var recorder = RecordToStream(dir, servers.Url, "host-a", "sr_auth_a"))
        {
            Workloads.RunToEnd(workloadA, "2000");
            anonymous = recorder.WaitForExit(TimeSpan.FromSeconds(20));
        }
        using (var recorder = RecordToStream(dir, servers.Url, "host-a", "sr_auth_a", "--user", "host-a", "--password-file", wrongPassword))
        {
            Workloads.RunToEnd(workloadA, "2001");
            wrong = recorder.WaitForExit(TimeSpan.FromSeconds(20));
        }
        long kept;
        using (Spool spool = Spool.Open(dir.File("host-a.spool"), long.MaxValue))
            kept = spool.PendingRecords;
        Assert.StartsWith($"sysrec: sysrec.host-a on {servers.Url}: the broker wants credentials (Authorization Violation). ", ErrorOutput.AssertOneLine(anonymous, exitCode: 1));
        Assert.StartsWith($"sysrec: sysrec.host-a on {servers.Url}: the broker refused the credentials of --user and --password-file (Authorization Violation). ",
            ErrorOutput.AssertOneLine(wrong, exitCode: 1));
        Assert.Contains($"kept in {dir.File("host-a.spool")}", wrong.Stderr);

        // Host a with its password publishes both refused runs' records first; host b with its NKey.
        CommandResult resultA, resultB;
        using (var recorder = RecordToStream(dir, servers.Url, "host-a", "sr_auth_a", "--user", "host-a", "--password-file", passwordA))
        {
            blocks[("host-a", "sr_auth_a", Workloads.RunToEnd(workloadA, "2002"))] = 2002;
            resultA = recorder.Stop(RecorderProcess.SIGTERM);
        }
        using (var recorder = RecordToStream(dir, servers.Url, "host-b", "sr_auth_b", "--nkey", seedB))
        {
            blocks[("host-b", "sr_auth_b", Workloads.RunToEnd(workloadB, "3000"))] = 3000;
            resultB = recorder.Stop(RecorderProcess.SIGTERM);
        }
        Assert.Contains($"({kept} records an earlier run left in {dir.File("host-a.spool")} go first)", resultA.Stderr);
        Assert.Equal(kept + Count(RecordedPattern(), resultA.Stderr), Count(PublishedPattern(), resultA.Stderr));
        Assert.Contains(", 0 lost", resultA.Stderr);

        // Host a's credentials cannot publish as host b: the broker refuses the subject.
        CommandResult impostor;
        using (var recorder = RecorderProcess.Record(dir.Path, "-q", "sr_auth_a", "--sink", servers.Url, "--host", "host-b", "--spool", dir.File("impostor.spool"),
            "--user", "host-a", "--password-file", passwordA))
        {
            Workloads.RunToEnd(workloadA, "1000");
            impostor = recorder.WaitForExit(TimeSpan.FromSeconds(20));
        }
        Assert.StartsWith($"sysrec: sysrec.host-b on {servers.Url}: the broker does not allow it to these credentials (Permissions Violation for Publish to \"sysrec.host-b\"). ",
            ErrorOutput.AssertOneLine(impostor, exitCode: 1));

        // On its own subject, with a raw client, host a publishes a batch whose records say host b.
        PublishForgery(servers.Url, "host-a", "a-secret", "sysrec.host-a", claimedHost: "host-b");

        CommandResult collected = Collect(servers.Url, dataset, "--nkey", collectorSeed);
        Assert.Contains("sysrec: warning: 1 batches were refused and left out because their records name another host than their subject (records of host-b on sysrec.host-a)", collected.Stderr);
        long publishedA = Count(PublishedPattern(), resultA.Stderr), publishedB = AllPublished(resultB);
        Assert.Equal(publishedA + publishedB, Count(CollectedPattern(), collected.Stderr));
        AssertDataset(dataset, "host-a", publishedA, blocks);
        AssertDataset(dataset, "host-b", publishedB, blocks);
    }

    [Fact]
    public void ACredsFileAsNscWritesItAuthenticatesAgainstAnOperatorsServer()
    {
        using KeyPair operatorKey = KeyPair.CreatePair(PrefixByte.Operator), account = KeyPair.CreatePair(PrefixByte.Account), system = KeyPair.CreatePair(PrefixByte.Account);
        using KeyPair host = KeyPair.CreatePair(PrefixByte.User), stranger = KeyPair.CreatePair(PrefixByte.User);
        string operatorJwt = Jwt(operatorKey, operatorKey, "operator", """{"type":"operator","version":2}""");
        string accountJwt = Jwt(operatorKey, account, "fleet",
            """{"type":"account","version":2,"limits":{"subs":-1,"conn":-1,"leaf":-1,"imports":-1,"exports":-1,"data":-1,"payload":-1,"wildcards":true,"mem_storage":-1,"disk_storage":-1,"streams":-1,"consumer":-1}}""");
        // JetStream under an operator needs the server's own account.
        string systemJwt = Jwt(operatorKey, system, "SYS", """{"type":"account","version":2}""");
        // The host may publish on its subject only; the stream is made by the same account's admin.
        string hostJwt = Jwt(account, host, "host-c", """{"type":"user","version":2,"pub":{"allow":["sysrec.host-c"]},"sub":{"allow":["_INBOX.>"]},"subs":-1,"data":-1,"payload":-1}""");
        string adminJwt = Jwt(account, stranger, "admin", """{"type":"user","version":2,"subs":-1,"data":-1,"payload":-1}""");
        string config = $$"""
            operator: {{operatorJwt}}
            resolver: MEMORY
            system_account: {{system.GetPublicKey()}}
            resolver_preload: { {{account.GetPublicKey()}}: {{accountJwt}}, {{system.GetPublicKey()}}: {{systemJwt}} }
            """;
        using var servers = NatsServers.Start(1, config);
        using var dir = new TempDirectory();
        string dataset = dir.File("dataset");
        string hostCreds = Secret(dir, "host-c.creds", Creds(hostJwt, host.GetSeed())), adminCreds = Secret(dir, "admin.creds", Creds(adminJwt, stranger.GetSeed()));
        CreateStream(servers.Url, dataset, replicas: 1, "--creds", adminCreds);
        string workload = Workloads.Build("getppid_loop.c", "sr_creds");
        var blocks = new Dictionary<(string Host, string Comm, int Pid), int>();
        CommandResult result;
        using (var recorder = RecordToStream(dir, servers.Url, "host-c", "sr_creds", "--creds", hostCreds))
        {
            blocks[("host-c", "sr_creds", Workloads.RunToEnd(workload, "3000"))] = 3000;
            result = recorder.Stop(RecorderProcess.SIGTERM);
        }

        long published = AllPublished(result);
        Assert.Equal(published, Count(CollectedPattern(), Collect(servers.Url, dataset, "--creds", adminCreds).Stderr));
        AssertDataset(dataset, "host-c", published, blocks);
    }

    /// <summary>A NATS JWT (nsc's kind): header, claims, and the issuer's ed25519 signature, each base64url.</summary>
    private static string Jwt(KeyPair issuer, KeyPair subject, string name, string nats)
    {
        static string Encode(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        string header = Encode("""{"typ":"JWT","alg":"ed25519-nkey"}"""u8);
        string claims = Encode(System.Text.Encoding.UTF8.GetBytes(
            $$"""{"jti":"{{Guid.NewGuid():N}}","iat":{{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}},"iss":"{{issuer.GetPublicKey()}}","name":"{{name}}","sub":"{{subject.GetPublicKey()}}","nats":{{nats}}}"""));
        byte[] signature = new byte[64];
        issuer.Sign(System.Text.Encoding.ASCII.GetBytes($"{header}.{claims}"), signature);
        return $"{header}.{claims}.{Encode(signature)}";
    }

    private static string Creds(string jwt, string seed) => $"""
        -----BEGIN NATS USER JWT-----
        {jwt}
        ------END NATS USER JWT------

        ************************* IMPORTANT *************************
        NKEY Seed printed below can be used to sign and prove identity.
        NKEYs are sensitive and should be treated as secrets.

        -----BEGIN USER NKEY SEED-----
        {seed}
        ------END USER NKEY SEED------

        *************************************************************
        """;

    [Fact]
    public void ASecretFileOthersCanReadIsRefusedBeforeAnything()
    {
        using var dir = new TempDirectory();
        string password = dir.File("password");
        File.WriteAllText(password, "secret\n");
        File.SetUnixFileMode(password, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

        CommandResult record = Run.Command(Repository.Sysrec, ["record", "-q", "sr_none", "--sink", "nats://127.0.0.1:1", "--user", "u", "--password-file", password], dir.Path);
        CommandResult collect = Run.Command(Repository.Sysrec, ["collect", "--from", "nats://127.0.0.1:1", "--stream", StreamTests.Stream, "-d", dir.File("dataset"), "--nkey", password]);

        Assert.Equal($"sysrec: --password-file: {password} can be read by others than its owner (mode 0640), and it holds a secret. chmod 600 {password}",
            ErrorOutput.AssertOneLine(record, exitCode: 2));
        Assert.Equal($"sysrec: --nkey: {password} can be read by others than its owner (mode 0640), and it holds a secret. chmod 600 {password}",
            ErrorOutput.AssertOneLine(collect, exitCode: 2));
        Assert.Equal(["password"], Directory.EnumerateFileSystemEntries(dir.Path).Select(Path.GetFileName));
    }

    private static string Secret(TempDirectory dir, string name, string text)
    {
        File.WriteAllText(dir.File(name), text);
        File.SetUnixFileMode(dir.File(name), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return dir.File(name);
    }

    private static void PublishForgery(string url, string user, string password, string subject, string claimedHost)
    {
        var recorder = new RecorderId(claimedHost, Guid.NewGuid(), 1);
        var record = new SyscallRecord { Pid = 66, Tid = 66, SyscallId = 59 };
        byte[] batch = new byte[RecordBatch.HeaderLength(claimedHost) + RecordBatch.RecordLength];
        RecordBatch.WriteRecord(batch.AsSpan(RecordBatch.HeaderLength(claimedHost)), record, RecordBatch.ArgsFlag);
        RecordBatch.WriteHeader(batch, recorder, new Sysrec.Streaming.RecorderClocks(1, 2), RecordBatch.ArgsFlag, 0, 1, System.Text.Encoding.ASCII.GetBytes(claimedHost));
        Task.Run(async () =>
        {
            await using var connection = new NatsConnection(NatsOpts.Default with { Url = url, AuthOpts = new NatsAuthOpts { Username = user, Password = password } });
            (await new NatsJSContext(connection).PublishAsync(subject, batch, NatsRawSerializer<byte[]>.Default)).EnsureSuccess();
        }).GetAwaiter().GetResult();
    }
}
