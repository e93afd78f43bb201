using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Sysrec.Tests.Kernels;

/// <summary>
/// Debian 12's own kernels, 6.1 (bookworm) and 6.12 (bookworm-security), booted under qemu with this
/// build's sysrec: the exact-count checks of tests/qemu/checks (the main suite's expectations on the same
/// workloads) pass there as on this machine's kernel, and `sysrec doctor` finds what the program needs.
/// </summary>
public sealed class StockKernelTests(StockKernelGuests guests) : IClassFixture<StockKernelGuests>
{
    // Every check tests/qemu/checks runs, in order: a check that did not report fails as one that failed.
    private static readonly string[] s_checks =
        ["doctor", "by-name", "already-running", "already-running-threads", "fork", "threads", "run", "decode", "exit", "everything", "paths"];

    // What the program needs, with the kernel that has each: README's Kernels section.
    private static readonly (string Feature, string Requirement)[] s_needs =
    [
        ("BTF", "needs Linux 5.4 built with CONFIG_DEBUG_INFO_BTF=y"),
        ("privileges", "CAP_BPF and CAP_PERFMON need Linux 5.8"),
        ("ring buffer map", "needs Linux 5.8"),
        ("tp_btf programs", "needs Linux 5.5, else raw_tp programs"),
        ("bpf_get_current_task_btf", "needs Linux 5.11, else CO-RE reads of tasks"),
        ("BPF callbacks", "needs Linux 5.13, else raw_tp programs"),
        ("task storage in tracing programs", "needs Linux 5.13, else tables by thread id"),
        ("bpf_loop", "needs Linux 5.17, else a bounded loop"),
        ("bpf_task_pt_regs", "--decode needs Linux 5.15"),
        ("lockdown", "needs none or integrity"),
        ("the path taken", "what this kernel lacks"),
        ("the BPF program", "needs all of the above"),
        ("the --decode programs", "--decode needs them"),
    ];

    [Theory]
    [InlineData(StockKernelGuests.Bookworm)]
    [InlineData(StockKernelGuests.BookwormSecurity)]
    [InlineData(StockKernelGuests.BookwormCompat)]
    public async Task EveryExactCountCheckPassesOnDebiansStockKernel(string series)
    {
        Assert.SkipUnless(RuntimeInformation.OSArchitecture == Architecture.X64, "the stock kernels booted are Debian's amd64 ones");
        GuestConsole console = await guests.Console(series);

        Assert.True(console.Finished, $"the Linux {series} guest did not finish its checks{console.Tail()}");
        Assert.True(console.Checks.Select(check => check.Name).SequenceEqual(s_checks),
            $"on Linux {series} the checks that reported were {string.Join(", ", console.Checks.Select(check => check.Name))}{console.Tail()}");
        GuestCheck[] failed = [.. console.Checks.Where(check => !check.Passed)];
        Assert.True(failed.Length == 0,
            $"on Linux {series}:\n{string.Join('\n', failed.Select(check => $"{check.Name}: {check.Detail}"))}{console.Tail()}");
    }

    [Theory]
    [InlineData(StockKernelGuests.Bookworm, false)]
    [InlineData(StockKernelGuests.BookwormSecurity, true)]
    public async Task DoctorFindsWhatTheProgramNeedsOnDebiansStockKernel(string series, bool threadPidfds)
    {
        Assert.SkipUnless(RuntimeInformation.OSArchitecture == Architecture.X64, "the stock kernels booted are Debian's amd64 ones");
        GuestConsole console = await guests.Console(series);
        IReadOnlyList<string> doctor = console.Doctor;

        Assert.True(doctor.Count > 0 && doctor[0].StartsWith($"sysrec doctor: Linux {series}.", StringComparison.Ordinal), $"doctor did not run{console.Tail()}");
        foreach ((string feature, string requirement) in s_needs)
            Assert.True(doctor.Any(line => Regex.IsMatch(line, $@"^found +{Regex.Escape(feature)}\b.*  {Regex.Escape(requirement)}")),
                $"doctor on Linux {series} has no line 'found {feature} ... {requirement}':\n{string.Join('\n', doctor)}");
        Assert.Contains(doctor, line => line.Contains("the path taken (tp_btf programs, BTF task pointers, task storage, bpf_loop)", StringComparison.Ordinal));
        // PIDFD_THREAD came in 6.9: before it, only the main thread of a running program can be traced.
        Assert.Contains(doctor, line => Regex.IsMatch(line, $@"^{(threadPidfds ? "found" : "missing")} +pidfd of a thread .*  needs Linux 6\.9"));
        Assert.Equal("sysrec can record on this kernel.", doctor[^1]);
    }

    [Fact]
    public async Task OnTheStockKernelWithoutTpBtfDoctorSaysItTakesTheRawTpPrograms()
    {
        Assert.SkipUnless(RuntimeInformation.OSArchitecture == Architecture.X64, "the stock kernels booted are Debian's amd64 ones");
        GuestConsole console = await guests.Console(StockKernelGuests.BookwormCompat);

        Assert.Contains(console.Doctor, line => Regex.IsMatch(line,
            @"^found +the path taken \(raw_tp programs, CO-RE reads of tasks, tables by thread id \(for 65536 threads\), a bounded loop\)"));
        Assert.Contains(console.Doctor, line => Regex.IsMatch(line, @"^found +the BPF program \(loads"));
    }
}
