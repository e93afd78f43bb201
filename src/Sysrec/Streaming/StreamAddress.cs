namespace Sysrec.Streaming;

/// <summary>Where the NATS servers are: <c>nats://HOST:PORT</c>, several separated by commas (a cluster).</summary>
internal sealed record StreamAddress(string Servers)
{
    public static StreamAddress Parse(string option, string text)
    {
        string[] servers = text.Split(',', StringSplitOptions.TrimEntries);
        foreach (string server in servers)
            if (!Uri.TryCreate(server, UriKind.Absolute, out Uri? uri) || uri.Scheme != "nats" || uri.Host.Length == 0 || uri.AbsolutePath.Length > 1)
                throw SysrecException.BadArguments($"{option}: '{server}' is not a NATS address; give nats://HOST:PORT (several separated by commas)");
        return new StreamAddress(string.Join(',', servers));
    }

    public override string ToString() => Servers;
}
