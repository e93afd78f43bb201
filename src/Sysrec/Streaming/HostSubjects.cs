namespace Sysrec.Streaming;

/// <summary>
/// The subjects a collect takes, <c>PREFIX.&gt;</c> (<c>sysrec.&gt;</c>, <c>sysrec.rack1.&gt;</c>,
/// <c>sysrec.*.&gt;</c>), and the host each one names: the tokens the final <c>&gt;</c> stands for. A batch is
/// kept only when the host in its header is the host its subject names, so that a host allowed to publish
/// only on its own subject cannot put records in another host's name.
/// </summary>
internal sealed class HostSubjects
{
    public const string Default = "sysrec.>";

    private readonly int _prefixTokens;

    private HostSubjects(string filter, int prefixTokens)
    {
        Filter = filter;
        _prefixTokens = prefixTokens;
    }

    /// <summary>The consumer's filter subject.</summary>
    public string Filter { get; }

    public static HostSubjects Parse(string option, string filter)
    {
        string[] tokens = filter.Split('.');
        if (tokens[^1] != ">" || tokens.Any(token => token.Length == 0 || token.Any(char.IsWhiteSpace) || (token.Contains('>') && token != ">") || (token.Contains('*') && token != "*"))
            || tokens[..^1].Contains(">"))
            throw SysrecException.BadArguments($"{option}: '{filter}' is not a subject ending in '>', which stands for the host name (e.g. sysrec.> or sysrec.rack1.>)");
        return new HostSubjects(filter, tokens.Length - 1);
    }

    /// <summary>The host <paramref name="subject"/> names; empty if it names none.</summary>
    public ReadOnlySpan<char> HostOf(string subject)
    {
        ReadOnlySpan<char> rest = subject;
        for (int i = 0; i < _prefixTokens; i++)
        {
            int dot = rest.IndexOf('.');
            if (dot < 0)
                return [];
            rest = rest[(dot + 1)..];
        }
        return rest;
    }
}
