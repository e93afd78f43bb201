namespace Sysrec.Tests.Integration;

/// <summary>
/// A small tmpfs mounted on a directory inside a fresh temporary directory: a disk that fills up on
/// purpose, without touching any real one. Unmounted and removed on Dispose.
/// </summary>
internal sealed class TmpfsMount : IDisposable
{
    private readonly TempDirectory _parent = new();

    public TmpfsMount(string size)
    {
        Path = _parent.File("tmpfs");
        Directory.CreateDirectory(Path);
        CommandResult mount = Run.Command("mount", ["-t", "tmpfs", "-o", $"size={size},mode=0700", "sysrec-test", Path]);
        if (mount.ExitCode != 0)
        {
            _parent.Dispose();
            Assert.Fail($"cannot mount a tmpfs on {Path}: {mount.Stderr}");
        }
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        CommandResult unmount = Run.Command("umount", [Path]);
        // A process still holding a file there keeps it busy; a lazy unmount still frees it once that ends.
        if (unmount.ExitCode != 0)
            Run.Command("umount", ["--lazy", Path]);
        _parent.Dispose();
    }
}
