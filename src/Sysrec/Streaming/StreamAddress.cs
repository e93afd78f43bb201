using System.Net;

namespace Sysrec.Streaming;

/// <summary>Where the NATS servers are: <c>nats://HOST:PORT</c> or <c>tls://HOST:PORT</c>, several separated by commas (a cluster).</summary>
internal sealed record StreamAddress(string Servers, IReadOnlyList<Uri> Uris)
{
    public static StreamAddress Parse(string option, string text)
    {
        string[] servers = text.Split(',', StringSplitOptions.TrimEntries);
        var uris = new List<Uri>();
        foreach (string server in servers)
        {
            if (!Uri.TryCreate(server, UriKind.Absolute, out Uri? uri) || uri.Scheme is not ("nats" or "tls") || uri.Host.Length == 0
                || uri.AbsolutePath.Length > 1 || uri.UserInfo.Length > 0)
                throw SysrecException.BadArguments($"{option}: '{server}' is not a NATS address; give nats://HOST:PORT or tls://HOST:PORT (several separated by commas)"
                    + (uri?.UserInfo.Length > 0 ? ", and credentials with --user and --password-file, which ps does not show" : ""));
            uris.Add(uri);
        }
        return new StreamAddress(string.Join(',', servers), uris);
    }

    /// <summary>A tls:// address asks for TLS, which then holds for every server of the list.</summary>
    public bool AsksForTls => Uris.Any(uri => uri.Scheme == "tls");

    /// <summary>Every server is on this machine, where plain text crosses no network.</summary>
    public bool IsLoopbackOnly => Uris.All(uri => uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out IPAddress? ip) && IPAddress.IsLoopback(ip)));

    public override string ToString() => Servers;
}
