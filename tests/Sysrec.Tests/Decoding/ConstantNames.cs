using System.Text;
using Sysrec.Decoding;

namespace Sysrec.Tests.Decoding;

/// <summary>The value of names strace printed (<c>STATX_BASIC_STATS|STATX_MNT_ID</c>), looked up in a generated set: for values a run chose.</summary>
internal static class ConstantNames
{
    public static ulong Value(ConstantSet set, string names)
    {
        ulong value = 0;
        foreach (string name in names.Split('|'))
        {
            int index = Enumerable.Range(0, set.Count).FirstOrDefault(i => Encoding.ASCII.GetString(set.Name(i)) == name, -1);
            value |= index >= 0 ? set.Value(index) : name.StartsWith("0x", StringComparison.Ordinal) ? Convert.ToUInt64(name[2..], 16)
                : throw new ArgumentException($"{name} is not in the set");
        }
        return value;
    }
}
