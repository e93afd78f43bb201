using System.Text;
using Sysrec.Decoding;

namespace Sysrec.Tests.Decoding;

/// <summary>An fd table of fixed names for the renderer's tests: the names before a call, and those after it for its return.</summary>
internal sealed class FixedNames : IFileDescriptors
{
    private Dictionary<int, byte[]> _current = [];
    private Dictionary<int, byte[]> _after = [];
    private byte[] _cwd = [];

    public FixedNames Fd(int fd, string text)
    {
        _current[fd] = Encoding.UTF8.GetBytes(text);
        _after.TryAdd(fd, _current[fd]);
        return this;
    }

    /// <summary>The name the fd has once the call returned.</summary>
    public FixedNames After(int fd, string text)
    {
        _after[fd] = Encoding.UTF8.GetBytes(text);
        return this;
    }

    public FixedNames Cwd(string text)
    {
        _cwd = Encoding.UTF8.GetBytes(text);
        return this;
    }

    public int Applied { get; private set; }

    public ReadOnlySpan<byte> Describe(int tid, int fd) => _current.TryGetValue(fd, out byte[]? text) ? text : default;

    public ReadOnlySpan<byte> DescribeCwd(int tid) => _cwd;

    public void Apply(in DecodedCall call)
    {
        Applied++;
        _current = _after;
    }
}
