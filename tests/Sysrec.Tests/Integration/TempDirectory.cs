namespace Sysrec.Tests.Integration;

internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Path = Directory.CreateTempSubdirectory("sysrec-test-").FullName;

    /// <summary>A directory under <paramref name="parent"/>, e.g. /dev/shm for a file system in memory.</summary>
    public TempDirectory(string parent)
    {
        Path = System.IO.Path.Combine(parent, "sysrec-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
