namespace Sysrec.Tests.Integration;

/// <summary>What a user sees when the recorder cannot do its work: one clear line, a non-zero code, no stack trace.</summary>
[Collection(KernelCollection.Name)]
public sealed class ErrorTests
{
    [Fact]
    public void WithoutPrivilegeItSaysSoAndWhatToDo()
    {
        using var dir = new TempDirectory();
        CommandResult result = Run.Command("setpriv",
            ["--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all", Repository.Sysrec, "record", "-o", "/tmp/x", "bash"], dir.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("sysrec: cannot load the BPF tracer: permission denied", result.Stderr);
        Assert.Contains("root", result.Stderr);
        Assert.Contains("has not CAP_BPF and CAP_PERFMON", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    /// <summary>What a kernel lacks for good is one line naming it and the kernel that has it, forced here with SYSREC_BPF_WITHOUT.</summary>
    [Theory]
    [InlineData("ringbuf", "record", "sysrec: cannot load the BPF tracer: this kernel has no ring buffer map (BPF_MAP_TYPE_RINGBUF) (Linux 5.8, taken away by SYSREC_BPF_WITHOUT). Use Linux 5.8 or later")]
    [InlineData("btf", "record", "sysrec: cannot load the BPF tracer: this kernel has no BTF at /sys/kernel/btf/vmlinux (Linux 5.4 built with CONFIG_DEBUG_INFO_BTF=y, taken away by SYSREC_BPF_WITHOUT). Use a kernel built with it, or give this kernel's BTF with --btf FILE (BTFHub has it for many distribution kernels)")]
    [InlineData("bpf_loop,task_pt_regs", "--decode", "sysrec: cannot decode on this kernel: this kernel has no bpf_loop (Linux 5.17, taken away by SYSREC_BPF_WITHOUT), this kernel has no bpf_task_pt_regs (Linux 5.15, taken away by SYSREC_BPF_WITHOUT). Record without --decode, or use Linux 5.17 or later")]
    public void AMissingFeatureWithoutAFallbackIsOneLineNamingItAndTheKernelThatHasIt(string without, string option, string line)
    {
        using var dir = new TempDirectory();
        string[] decode = option == "--decode" ? ["--decode"] : [];
        CommandResult result = Run.Command(Repository.Sysrec, ["record", "-q", .. decode, "-o", "trace.log", "sr_never"], dir.Path,
            environment: new Dictionary<string, string> { ["SYSREC_BPF_WITHOUT"] = without });

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(line + "\n", result.Stderr);
        Assert.False(File.Exists(dir.File("trace.log")), "a trace file was left behind");
    }

    [Fact]
    public void AnUnknownFeatureToDoWithoutIsAUsageError()
    {
        using var dir = new TempDirectory();
        CommandResult result = Run.Command(Repository.Sysrec, ["record", "-q", "-o", "trace.log", "sr_never"], dir.Path,
            environment: new Dictionary<string, string> { ["SYSREC_BPF_WITHOUT"] = "bpf_loop,warp_drive" });

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("sysrec: SYSREC_BPF_WITHOUT: no feature 'warp_drive'. Name some of btf, ringbuf,", result.Stderr);
    }

    /// <summary>
    /// --btf as on a kernel built without BTF, its file from BTFHub: here a copy of this kernel's BTF, with
    /// the kernel's own taken away, so that the raw_tp programs load, their reads relocated by the file.
    /// </summary>
    [Fact]
    public void ACopyOfTheKernelsBtfGivenWithBtfStandsInForTheKernelsOwn()
    {
        using var dir = new TempDirectory();
        File.Copy("/sys/kernel/btf/vmlinux", dir.File("vmlinux.btf"));
        string workload = Workloads.Build("getppid_loop.c", "sr_btf_file");
        CommandResult result = Run.Command(Repository.Sysrec, ["run", "-q", "--btf", dir.File("vmlinux.btf"), "-o", "trace.log", "--", workload, "250"], dir.Path,
            environment: new Dictionary<string, string> { ["SYSREC_BPF_WITHOUT"] = "btf" });

        Assert.True(result.ExitCode == 0, result.Stderr);
        IReadOnlyList<TraceEntry> trace = TraceFile.Read(dir.File("trace.log"));
        Assert.Equal([250], MarkerBlocks.In(trace.SyscallsOf(trace[0].Pid)));
    }

    [Theory]
    [InlineData("missing.btf", "sysrec: --btf {0}: no such file. Give this kernel's BTF, e.g. its file from BTFHub, or /sys/kernel/btf/vmlinux of a kernel that has one")]
    [InlineData("not.btf", "sysrec: --btf {0}: not a BTF file (BPF object format invalid). Give this kernel's BTF, e.g. its file from BTFHub, or /sys/kernel/btf/vmlinux of a kernel that has one")]
    public void ABtfFileThatIsNoneIsOneLineSayingSo(string name, string line)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("not.btf"), "not BTF at all\n");
        CommandResult result = Run.Command(Repository.Sysrec, ["record", "-q", "--btf", dir.File(name), "-o", "trace.log", "sr_never"], dir.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, line, dir.File(name)) + "\n", result.Stderr);
        Assert.False(File.Exists(dir.File("trace.log")), "a trace file was left behind");
    }

    [Fact]
    public void MoreNamesThanTheListHoldsIsAUsageError()
    {
        using var dir = new TempDirectory();
        IEnumerable<string> names = Enumerable.Range(0, 65537).Select(i => $"p{i}");
        CommandResult result = Run.Command(Repository.Sysrec, ["record", "-q", "-o", "trace.log", .. names], dir.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("too many program names: 65537 given, the list holds at most 65536", result.Stderr);
        Assert.False(File.Exists(dir.File("trace.log")), "a trace file was left behind");
    }

    [Fact]
    public void UnwritableOutputIsNamed()
    {
        using var dir = new TempDirectory();
        CommandResult result = Run.Command(Repository.Sysrec, ["record", "-o", "/nonexistent/dir/trace.log", "bash"], dir.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("sysrec: cannot write /nonexistent/dir/trace.log", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Fact]
    public void NoProgramIsAUsageError()
    {
        CommandResult result = Run.Command(Repository.Sysrec, ["record"]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("sysrec: ", result.Stderr);
        Assert.Contains("sysrec record --help", result.Stderr);
    }
}
