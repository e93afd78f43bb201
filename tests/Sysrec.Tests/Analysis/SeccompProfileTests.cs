using System.Text;
using System.Text.Json;
using Sysrec.Analysis;
using Sysrec.Tests.Integration;

namespace Sysrec.Tests.Analysis;

public sealed class SeccompProfileTests : IDisposable
{
    // libseccomp's name for this machine's architecture, and its numbers, from the product's tables.
    private static readonly string NativeArchitecture = System.Runtime.InteropServices.RuntimeInformation.OSArchitecture switch
    {
        System.Runtime.InteropServices.Architecture.X64 => "SCMP_ARCH_X86_64",
        System.Runtime.InteropServices.Architecture.Arm64 => "SCMP_ARCH_AARCH64",
        var other => throw new PlatformNotSupportedException($"no libseccomp architecture for {other}"),
    };
    private static readonly long Read = Nr.Of("read");

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void AllowsTheRecordedNamesSortedOnceEachAndTheExecThatStartsTheProgram()
    {
        SeccompProfile profile = Profile($"1:{Nr.Of("write")}:a\n1:{Read}:a\n2:openat:b\n1:{Read}:a\n1:exit_group:a\n");

        Assert.Equal([NativeArchitecture], profile.Architectures);
        Assert.Equal(["execve", "exit_group", "openat", "read", "write"], profile.Names);
        Assert.Empty(profile.Unnamed);
    }

    [Fact]
    public void I386CallsAddTheirArchitectureAndTheirNamesServeBoth()
    {
        SeccompProfile profile = Profile($"1:i386/mmap2:a\n1:i386/20:a\n1:{Nr.Getpid}:a\n1:i386/read:a\n1:{Read}:a\n");

        Assert.Equal([NativeArchitecture, "SCMP_ARCH_X86"], profile.Architectures);
        Assert.Equal(["execve", "getpid", "mmap2", "read"], profile.Names);
    }

    [Fact]
    public void NumbersTheTableCannotNameAreSetAsideInOrder()
    {
        SeccompProfile profile = Profile($"1:i386/99999:a\n1:99998:a\n1:{Read}:a\n1:99998:a\n");

        Assert.Equal(["99998", "i386/99999"], profile.Unnamed.Select(s => s.Label));
        Assert.Equal(["execve", "read"], profile.Names);
    }

    [Fact]
    public void ReadsJsonlRecordingsToo()
    {
        SeccompProfile profile = Profile(StatsCollectorTests.Jsonl(1, "a", Nr.Getppid, 1, 10) + StatsCollectorTests.Jsonl(1, "a", Nr.ExitGroup, null, null));

        Assert.Equal(["execve", "exit_group", "getppid"], profile.Names);
    }

    [Fact]
    public void WritesTheOciLayout()
    {
        SeccompProfile profile = Profile($"1:{Read}:a\n1:i386/20:a\n");
        using var output = new MemoryStream();

        SeccompProfileWriter.Write(profile, output);

        string text = Encoding.UTF8.GetString(output.ToArray());
        Assert.EndsWith("}\n", text);
        using JsonDocument json = JsonDocument.Parse(text);
        JsonElement root = json.RootElement;
        Assert.Equal(["defaultAction", "defaultErrnoRet", "architectures", "syscalls"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("SCMP_ACT_ERRNO", root.GetProperty("defaultAction").GetString());
        Assert.Equal(1, root.GetProperty("defaultErrnoRet").GetInt32());
        Assert.Equal([NativeArchitecture, "SCMP_ARCH_X86"], root.GetProperty("architectures").EnumerateArray().Select(a => a.GetString()));
        JsonElement rule = Assert.Single(root.GetProperty("syscalls").EnumerateArray());
        Assert.Equal(["execve", "getpid", "read"], rule.GetProperty("names").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal("SCMP_ACT_ALLOW", rule.GetProperty("action").GetString());
    }

    [Fact]
    public void AMalformedLineStopsItWithFileAndLine()
    {
        string path = _dir.File("trace.log");
        File.WriteAllText(path, "1:0:a\n1:0:a\nnot a line\n");

        var error = Assert.Throws<SysrecException>(() => SeccompProfile.FromTrace(path, [SeccompProfile.StartingExec]));

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.Equal($"{path}:3: expected pid:syscall_id:comm", error.Message);
    }

    [Fact]
    public void CrunWithoutNoNewPrivilegesAlsoCallsWhatDropsItsPrivilegesAfterTheLoad()
    {
        // Without noNewPrivileges the filter must be loaded while crun can still change ids and capabilities.
        RuntimeCalls without = RuntimeCalls.For(ContainerRuntime.Crun, noNewPrivileges: false);
        RuntimeCalls with = RuntimeCalls.For(ContainerRuntime.Crun, noNewPrivileges: true);

        Assert.Subset(without.Syscalls.ToHashSet(), new HashSet<string> { "execve", "setresuid", "setresgid", "capset" });
        Assert.DoesNotContain("setresuid", with.Syscalls);
        Assert.Contains("execve", with.Syscalls);
        Assert.Equal("crun", RuntimeCalls.For(ContainerRuntime.Podman, noNewPrivileges: false).Runtime);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void RuncAlwaysAllowsWhatTheGoRuntimesThreadsCall(bool noNewPrivileges)
    {
        // runc loads the filter on every thread of its Go runtime, which makes these whenever it needs to.
        RuntimeCalls runc = RuntimeCalls.For(ContainerRuntime.Docker, noNewPrivileges);

        Assert.Equal("runc", runc.Runtime);
        Assert.Subset(runc.Syscalls.ToHashSet(), new HashSet<string> { "futex", "tgkill", "rt_sigreturn", "sched_yield", "mmap", "nanosleep", "execve" });
    }

    private SeccompProfile Profile(string trace)
    {
        string path = _dir.File("trace.log");
        File.WriteAllText(path, trace);
        return SeccompProfile.FromTrace(path, [SeccompProfile.StartingExec]);
    }
}
