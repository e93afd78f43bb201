using System.Text;

namespace Sysrec.Streaming;

/// <summary>A host name as the stream carries it and the dataset names its directory after: a safe file name.</summary>
internal static class HostName
{
    public static bool IsValid(ReadOnlySpan<byte> name)
    {
        if (name.IsEmpty || name.Length > RecordBatch.MaxHostLength || name[0] is (byte)'.' or (byte)'-')
            return false;
        foreach (byte b in name)
            if (!(char.IsAsciiLetterOrDigit((char)b) || b is (byte)'.' or (byte)'-' or (byte)'_'))
                return false;
        return true;
    }

    public static bool IsValid(string name) => name.All(char.IsAscii) && IsValid(Encoding.ASCII.GetBytes(name));
}
