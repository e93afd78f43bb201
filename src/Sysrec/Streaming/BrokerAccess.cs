using System.Security.Authentication;
using NATS.Client.Core;

namespace Sysrec.Streaming;

/// <summary>Why the broker would not have sysrec, and what to do about it; waiting does not cure it.</summary>
internal sealed record BrokerRefusal(string Why, string Remedy);

/// <summary>
/// How sysrec reaches the broker: its servers, TLS, the credentials; and, when a connection or a request
/// fails, whether the broker refused it for good (a certificate, the credentials, a permission) and why,
/// from the TLS check and from the errors the server sends (-ERR).
/// </summary>
internal sealed class BrokerAccess
{
    private readonly BrokerTls? _tls;
    private readonly BrokerCredentials? _credentials;
    private volatile string? _serverError;

    private BrokerAccess(StreamAddress address, BrokerTls? tls, BrokerCredentials? credentials)
    {
        Address = address;
        _tls = tls;
        _credentials = credentials;
    }

    public StreamAddress Address { get; }

    /// <param name="tls">From the TLS options, or null when none was given (a tls:// address still asks for TLS).</param>
    /// <param name="allowPlaintextCredentials">Send credentials to a server on another machine without TLS.</param>
    public static BrokerAccess Create(StreamAddress address, BrokerTls? tls, BrokerCredentials? credentials, bool allowPlaintextCredentials)
    {
        if (tls is null && address.AsksForTls)
            tls = BrokerTls.Load(caFile: null, certFile: null, keyFile: null, skipVerify: false);
        if (credentials is not null && tls is null && !address.IsLoopbackOnly && !allowPlaintextCredentials)
            throw SysrecException.BadArguments($"{credentials.Options}: the credentials would cross the network in plain text to {address}. "
                + "Use a tls:// address (with --tls-ca), or --allow-plaintext-credentials");
        return new BrokerAccess(address, tls, credentials);
    }

    /// <summary>The client's options for this broker; errors the server sends on the connection are watched (<see cref="Watch"/>).</summary>
    public NatsOpts Options(string clientName) => NatsOpts.Default with
    {
        Url = Address.Servers,
        Name = clientName,
        TlsOpts = _tls?.Options ?? NatsTlsOpts.Default,
        AuthOpts = _credentials?.Auth ?? NatsAuthOpts.Default,
        LoggerFactory = Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance,
    };

    /// <summary>Remembers the errors the server sends on <paramref name="connection"/>, for <see cref="Refusal"/>.</summary>
    public void Watch(NatsConnection connection) => connection.ServerError += (_, error) =>
    {
        _serverError = error.Error;
        return ValueTask.CompletedTask;
    };

    /// <summary>Whether <paramref name="failure"/> (or the last error the server sent) is a refusal that stays one, and why.</summary>
    public BrokerRefusal? Refusal(Exception? failure)
    {
        if (_serverError is { } error && Refused(error) is { } refused)
            return refused;
        for (Exception? e = failure; e is not null; e = e.InnerException)
        {
            if (e is AuthenticationException && _tls is not null)
            {
                return _tls.Refusal is { } certificate
                    ? new BrokerRefusal($"the server's certificate was refused: {certificate}", "Check --tls-ca and the server's certificate")
                    : new BrokerRefusal("the TLS handshake failed", ClientCertificateRemedy);
            }
            // The server ends a handshake it refuses with an alert (TLS 1.3: after the client thinks it is done).
            int alert = e.Message.IndexOf(" alert ", StringComparison.Ordinal);
            if (alert >= 0 && _tls is not null)
            {
                string alertText = e.Message[(e.Message.LastIndexOf("::", alert, StringComparison.Ordinal) is int colons and >= 0 ? colons + 2 : 0)..].Trim();
                return new BrokerRefusal($"the broker refused the TLS connection ({alertText})", ClientCertificateRemedy);
            }
            if (e.Message.Contains("does not support TLS", StringComparison.Ordinal))
                return new BrokerRefusal("the server does not offer TLS", "Turn TLS on in the broker, or give its nats:// address without TLS options");
            if (Refused(e.Message) is { } said)
                return said;
        }
        return null;
    }

    // A handshake the broker ends, the server's certificate being fine, is about the client's.
    private string ClientCertificateRemedy => _tls?.PresentsCertificate == true
        ? "Check that the broker trusts the CA of --tls-cert"
        : "If the broker asks for a client certificate, give it with --tls-cert and --tls-key";

    private BrokerRefusal? Refused(string error)
    {
        string credentials = _credentials?.Options ?? "none given";
        if (error.Contains("Authorization Violation", StringComparison.OrdinalIgnoreCase))
            return _credentials is null
                ? new BrokerRefusal("the broker wants credentials (Authorization Violation)", "Give them with --user, --nkey, --creds or --token-file")
                : new BrokerRefusal($"the broker refused the credentials of {credentials} (Authorization Violation)", "Check them, and the users the broker knows");
        if (error.Contains("Authentication Expired", StringComparison.OrdinalIgnoreCase) || error.Contains("Authentication Revoked", StringComparison.OrdinalIgnoreCase))
            return new BrokerRefusal($"the broker no longer takes the credentials of {credentials} ({error.Trim('\'', ' ')})", "Renew them");
        if (error.Contains("Permissions Violation", StringComparison.OrdinalIgnoreCase))
            return new BrokerRefusal($"the broker does not allow it to these credentials ({error.Trim('\'', ' ')})",
                "Check the subject, and the permissions the broker gives this user");
        if (error.Contains("TLS Required", StringComparison.OrdinalIgnoreCase))
            return new BrokerRefusal("the broker requires TLS", "Give its tls:// address, with --tls-ca");
        return null;
    }
}
