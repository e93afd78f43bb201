using Sysrec.Cli;
using Sysrec.Kernel;

namespace Sysrec.Tests.Cli;

/// <summary>What `sysrec doctor` prints for what the probes found, and when it says sysrec cannot record.</summary>
public sealed class DoctorReportTests
{
    private static readonly KernelFeature s_btf = new("BTF", "/sys/kernel/btf/vmlinux", true, "needs Linux 5.4 built with CONFIG_DEBUG_INFO_BTF=y", true, "Use a kernel built with CONFIG_DEBUG_INFO_BTF=y");
    private static readonly KernelFeature s_ringBuffer = KernelFeature.Since("5.8", "ring buffer map", "BPF_MAP_TYPE_RINGBUF", true);
    private static readonly KernelFeature s_loop = KernelFeature.Since("5.17", "bpf_loop", null, true);
    private static readonly KernelFeature s_threadPidfd = new("pidfd of a thread", "PIDFD_THREAD", true, "needs Linux 6.9 for ...", false, "");

    [Fact]
    public void EachFeatureIsALineOfStateNameAndRequirementInColumns()
    {
        var output = new StringWriter();

        int exitCode = DoctorCommand.Report([s_btf, s_loop, s_threadPidfd with { Found = false }, s_ringBuffer with { Found = null }], "6.1.0-57-amd64", output);

        Assert.Equal(0, exitCode);
        Assert.Equal("""
            sysrec doctor: Linux 6.1.0-57-amd64
            found    BTF (/sys/kernel/btf/vmlinux)           needs Linux 5.4 built with CONFIG_DEBUG_INFO_BTF=y
            found    bpf_loop                                needs Linux 5.17
            missing  pidfd of a thread (PIDFD_THREAD)        needs Linux 6.9 for ...
            unknown  ring buffer map (BPF_MAP_TYPE_RINGBUF)  needs Linux 5.8
            sysrec can record on this kernel.

            """, output.ToString());
    }

    [Fact]
    public void WhatIsMissingIsNamedWithTheNewestKernelThatHasIt()
    {
        var output = new StringWriter();

        var refused = Assert.Throws<SysrecException>(() => DoctorCommand.Report(
            [s_btf with { Found = false }, s_ringBuffer with { Found = false }, s_loop with { Found = false }], "5.4.0", output));

        Assert.Equal(1, refused.ExitCode);
        Assert.Equal("cannot record on this kernel: missing BTF, ring buffer map, bpf_loop. Use a kernel built with CONFIG_DEBUG_INFO_BTF=y. Use Linux 5.17 or later",
            refused.Message);
        Assert.Contains("\nmissing  bpf_loop ", output.ToString());
    }
}
