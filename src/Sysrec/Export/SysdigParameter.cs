namespace Sysrec.Export;

/// <summary>One parameter of a sysdig event: its name, sysdig's type (<c>PT_FD</c>, <c>PT_ERRNO</c>, <c>PT_UINT32</c>...) and print format (<c>PF_DEC</c>, <c>PF_HEX</c>, <c>PF_OCT</c>).</summary>
/// <param name="Table">Its flag table (<c>file_flags</c>), or for a relative path <c>DIRFD_PARAM(N)</c>, the parameter holding its directory's fd; empty for none.</param>
internal sealed record SysdigParameter(string Name, string Type, string Format, string Table)
{
    public static SysdigParameter Parse(string field)
    {
        string[] parts = field.Split(':');
        return new SysdigParameter(parts[0], parts[1], parts[2], parts.Length > 3 ? parts[3] : "");
    }
}
