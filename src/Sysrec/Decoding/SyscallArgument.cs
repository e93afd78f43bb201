using System.Text;

namespace Sysrec.Decoding;

/// <summary>
/// One argument of a syscall as the kernel declares it: its C type as tracefs spells it (<c>const char *</c>,
/// <c>unsigned long</c>, <c>struct stat *</c>; no <c>__user</c>) and its name (<c>filename</c>). The type's
/// width is the ABI's: <c>unsigned long</c> is 4 bytes to an i386 caller.
/// </summary>
internal sealed class SyscallArgument(string type, string name)
{
    private readonly byte[] _utf8Name = Encoding.UTF8.GetBytes(name);

    public string Type { get; } = type;

    public string Name { get; } = name;

    public ReadOnlySpan<byte> Utf8Name => _utf8Name;

    /// <summary>As tracefs writes a field: <c>const char * filename</c>.</summary>
    public override string ToString() => $"{Type} {Name}";
}
