namespace Sysrec.Export;

/// <summary>One parameter of a sysdig event: its name, sysdig's type (<c>PT_FD</c>, <c>PT_ERRNO</c>, <c>PT_UINT32</c>...) and print format (<c>PF_DEC</c>, <c>PF_HEX</c>, <c>PF_OCT</c>).</summary>
internal sealed record SysdigParameter(string Name, string Type, string Format)
{
    public static SysdigParameter Parse(string field)
    {
        string[] parts = field.Split(':');
        return new SysdigParameter(parts[0], parts[1], parts[2]);
    }
}
