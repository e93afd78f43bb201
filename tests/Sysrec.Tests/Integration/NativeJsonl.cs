using System.Text.RegularExpressions;

namespace Sysrec.Tests.Integration;

/// <summary>
/// Hand-written JSON Lines made this machine's: the tests write them with x86_64's table for readability,
/// and each <c>"abi":"x86_64"</c> becomes this machine's table, with the <c>"nr"</c> that its table gives
/// the line's <c>"name"</c> when it has one. On x86_64 the lines stay as they are.
/// </summary>
internal static partial class NativeJsonl
{
    public static string Of(string jsonl) =>
        Abi().Replace(Named().Replace(jsonl, call => $"\"abi\":\"{TraceFile.NativeAbi}\",\"nr\":{Nr.Of(call.Groups["name"].Value)},\"name\":\"{call.Groups["name"].Value}\""),
            $"\"abi\":\"{TraceFile.NativeAbi}\"");

    [GeneratedRegex("\"abi\":\"x86_64\",\"nr\":[0-9]+,\"name\":\"(?<name>[a-z0-9_]+)\"")]
    private static partial Regex Named();

    [GeneratedRegex("\"abi\":\"x86_64\"")]
    private static partial Regex Abi();
}
