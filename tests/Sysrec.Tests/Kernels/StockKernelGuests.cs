using System.Diagnostics;
using Sysrec.Tests.Integration;

namespace Sysrec.Tests.Kernels;

/// <summary>
/// Debian 12's stock kernels, which `make test` fetches (tests/qemu/kernel), booted at once under qemu
/// with one initramfs (tests/qemu/initramfs), each guest running tests/qemu/checks; the tests await
/// the console of the one they look at.
/// </summary>
public sealed class StockKernelGuests : IDisposable
{
    public const string Bookworm = "6.1";
    public const string BookwormSecurity = "6.12";

    /// <summary>The 6.1 kernel again, with SYSREC_BPF_WITHOUT=tp_btf: the path a 5.10 kernel takes, on a kernel older than this machine's.</summary>
    public const string BookwormCompat = "6.1 compat";

    // tests/qemu/boot gives a guest 300 s to power off, and KVM 15 s to start it before TCG.
    private static readonly TimeSpan s_bootTimeout = TimeSpan.FromMinutes(6);
    private const string KernelPanic = "Kernel panic - not syncing";

    private readonly TempDirectory _directory = new();
    private readonly Task<string> _initramfs;
    private readonly Dictionary<string, Task<GuestConsole>> _boots;

    public StockKernelGuests()
    {
        _initramfs = Task.Run(BuildInitramfs);
        _boots = new Dictionary<string, Task<GuestConsole>>
        {
            [Bookworm] = Boot(Bookworm, []),
            [BookwormSecurity] = Boot(BookwormSecurity, []),
            [BookwormCompat] = Boot(Bookworm, ["SYSREC_BPF_WITHOUT=tp_btf"]),
        };
    }

    /// <summary>The console of the guest that booted the kernel of <paramref name="series"/> (or <see cref="BookwormCompat"/>), once it has powered off.</summary>
    internal Task<GuestConsole> Console(string series) => _boots[series];

    /// <summary>
    /// Boots the kernel of <paramref name="series"/>; each NAME=VALUE of <paramref name="environment"/>
    /// reaches the guest's sysrec as an environment variable (through the kernel command line).
    /// </summary>
    private async Task<GuestConsole> Boot(string series, string[] environment, bool retried = false)
    {
        string kernel = Path.Combine(Repository.Root, "build", "qemu", $"linux-{series}", "vmlinuz");
        if (!File.Exists(kernel))
            throw new FileNotFoundException($"{kernel} is missing: `make test` fetches it (tests/qemu/kernel {series})");
        string image = await _initramfs;
        string name = $"console-{series}{string.Concat(environment.Select(setting => "-" + setting))}";
        string console = _directory.File(name + ".log");
        var started = Stopwatch.StartNew();
        CommandResult boot = await Task.Run(() => Run.Command(Script("boot"), [kernel, image, console, .. environment], timeout: s_bootTimeout));
        string text = File.Exists(console) ? File.ReadAllText(console) : "";
        string said = $"{boot.Stderr.Trim()} (exit {boot.ExitCode} after {started.Elapsed.TotalSeconds:F0} s)";
        if (!text.Contains(KernelPanic, StringComparison.Ordinal) || retried)
            return new GuestConsole(text, said);
        // Under TCG a guest kernel has once panicked at syscall entry in about one boot of fifty, and the same
        // guest then passed; one more boot tells that apart from a kernel our program crashes, which panics again.
        // The panic's console is kept where a CI run's artifacts are, for the day it comes back.
        string kept = Path.Combine(Repository.Root, "build", "qemu", "panics", $"{name}-{DateTime.UtcNow:yyyyMMddTHHmmss}.log");
        Directory.CreateDirectory(Path.GetDirectoryName(kept)!);
        File.Copy(console, kept, overwrite: true);
        GuestConsole again = await Boot(series, environment, retried: true);
        return again.After($"the first boot's kernel panicked (its console: {kept}); booted again");
    }

    public void Dispose()
    {
        // A test that failed early leaves its guests running: wait for them, so that none writes into a deleted directory.
        Task.WhenAll(_boots.Values).ContinueWith(_ => { }, TaskScheduler.Default).Wait(s_bootTimeout);
        _directory.Dispose();
    }

    private string BuildInitramfs()
    {
        string image = _directory.File("initramfs.cpio");
        CommandResult built = Run.Command(Script("initramfs"), [image]);
        if (built.ExitCode != 0)
            throw new InvalidOperationException($"tests/qemu/initramfs failed: {built.Stderr}");
        return image;
    }

    private static string Script(string name) => Path.Combine(Repository.Root, "tests", "qemu", name);
}
