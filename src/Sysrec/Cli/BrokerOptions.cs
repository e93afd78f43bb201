using System.CommandLine;
using Sysrec.Streaming;

namespace Sysrec.Cli;

/// <summary>TLS and credentials for the NATS broker, the same for record --sink and collect.</summary>
internal sealed class BrokerOptions
{
    private readonly Option<string?> _tlsCa = new("--tls-ca") { Description = "Check the broker's certificate against the CA in FILE (PEM); TLS is then required", HelpName = "FILE" };
    private readonly Option<string?> _tlsCert = new("--tls-cert") { Description = "Present the client certificate in FILE (PEM), for mutual TLS, with --tls-key", HelpName = "FILE" };
    private readonly Option<string?> _tlsKey = new("--tls-key") { Description = "The private key of --tls-cert (PEM, readable by its owner only)", HelpName = "FILE" };
    private readonly Option<bool> _tlsInsecure = new("--tls-insecure") { Description = "TLS without checking the broker's certificate: insecure, for tests only" };
    private readonly Option<string?> _creds = new("--creds") { Description = "Authenticate with the user JWT and NKey seed in FILE, as nsc writes it", HelpName = "FILE" };
    private readonly Option<string?> _nkey = new("--nkey") { Description = "Authenticate with the user NKey seed in FILE", HelpName = "FILE" };
    private readonly Option<string?> _user = new("--user") { Description = $"Authenticate as NAME, the password from --password-file or {BrokerCredentials.PasswordVariable}", HelpName = "NAME" };
    private readonly Option<string?> _passwordFile = new("--password-file") { Description = "The password of --user, alone in FILE", HelpName = "FILE" };
    private readonly Option<string?> _tokenFile = new("--token-file") { Description = "Authenticate with the token alone in FILE", HelpName = "FILE" };
    private readonly Option<bool> _allowPlaintext = new("--allow-plaintext-credentials") { Description = "Send credentials to a broker on another machine without TLS" };

    private Option[] All => [_tlsCa, _tlsCert, _tlsKey, _tlsInsecure, _creds, _nkey, _user, _passwordFile, _tokenFile, _allowPlaintext];

    public void AddTo(Command command)
    {
        foreach (Option option in All)
            command.Options.Add(option);
    }

    /// <summary>The first of these options given, for a command that uses none of them here.</summary>
    public Option? FirstGiven(ParseResult parsed) => All.FirstOrDefault(option => parsed.GetResult(option) is { Implicit: false });

    /// <summary>The broker at <paramref name="address"/> as these options reach it; a warning on <paramref name="status"/> for --tls-insecure.</summary>
    public BrokerAccess Read(ParseResult parsed, StreamAddress address, TextWriter status)
    {
        bool insecure = parsed.GetValue(_tlsInsecure);
        string? ca = parsed.GetValue(_tlsCa), cert = parsed.GetValue(_tlsCert), key = parsed.GetValue(_tlsKey);
        BrokerTls? tls = ca is not null || cert is not null || key is not null || insecure ? BrokerTls.Load(ca, cert, key, insecure) : null;
        BrokerCredentials? credentials = BrokerCredentials.Load(parsed.GetValue(_creds), parsed.GetValue(_nkey), parsed.GetValue(_user),
            parsed.GetValue(_passwordFile), parsed.GetValue(_tokenFile));
        BrokerAccess access = BrokerAccess.Create(address, tls, credentials, parsed.GetValue(_allowPlaintext));
        if (insecure)
            status.WriteLine("sysrec: warning: --tls-insecure: the broker's certificate is not checked, so whoever sits between here and it can read and change the records");
        return access;
    }
}
