using Sysrec.Decoding;

namespace Sysrec.Export;

/// <summary>Which argument of a syscall a sysdig parameter shows: the one of its name, or of sysdig's other name for it.</summary>
internal static class SysdigArguments
{
    // Where sysdig's name for a parameter differs from the kernel's name of the argument it shows.
    private static readonly Dictionary<string, string[]> s_argumentNames = new(StringComparer.Ordinal)
    {
        ["size"] = ["count", "len"],
        ["length"] = ["len"],
        ["offset"] = ["off"],
        ["fd"] = ["fildes", "oldfd", "ufd"],
        ["dirfd"] = ["dfd"],
        ["domain"] = ["family"],
        ["proto"] = ["protocol"],
        ["addr"] = ["uaddr", "brk"],
        ["tid"] = ["pid"],
        ["timeout"] = ["timeout_msecs"],
        ["name"] = ["filename", "pathname", "path"],
        ["path"] = ["filename", "pathname"],
        ["data"] = ["buf", "ubuf", "buff"],
        ["initval"] = ["count"],
    };

    /// <summary>The argument's index; null when the syscall has none that the parameter shows.</summary>
    public static int? Of(SysdigParameter parameter, SyscallSignature? signature)
    {
        if (signature is null)
            return null;
        for (int i = 0; i < signature.Arguments.Count; i++)
        {
            string name = signature.Arguments[i].Name;
            if (name == parameter.Name || (s_argumentNames.TryGetValue(parameter.Name, out string[]? others) && others.Contains(name)))
                return i;
        }
        return null;
    }
}
