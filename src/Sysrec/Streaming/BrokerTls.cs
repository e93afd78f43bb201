using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using NATS.Client.Core;

namespace Sysrec.Streaming;

/// <summary>
/// TLS to the broker, always required once asked for: the server's certificate checked (chain and
/// name) against the CA of <c>--tls-ca</c>, or the system's CAs without one, unless checking is turned
/// off; and the client certificate of mutual TLS. A refused server certificate is remembered with why,
/// so the error can say it instead of the handshake's generic failure.
/// </summary>
internal sealed class BrokerTls
{
    private readonly string? _caFile;
    private readonly X509Certificate2Collection? _authorities;
    private readonly X509Certificate2? _clientCertificate;
    private readonly bool _skipVerify;
    private volatile string? _refusal;

    private BrokerTls(string? caFile, X509Certificate2Collection? authorities, X509Certificate2? clientCertificate, bool skipVerify)
    {
        _caFile = caFile;
        _authorities = authorities;
        _clientCertificate = clientCertificate;
        _skipVerify = skipVerify;
    }

    /// <summary>Reads and checks the files; their faults are usage errors naming the option.</summary>
    public static BrokerTls Load(string? caFile, string? certFile, string? keyFile, bool skipVerify)
    {
        X509Certificate2Collection? authorities = null;
        if (caFile is not null)
        {
            authorities = [];
            try
            {
                authorities.ImportFromPem(BrokerFiles.ReadPublic("--tls-ca", caFile));
            }
            catch (CryptographicException)
            {
                authorities.Clear();
            }
            if (authorities.Count == 0)
                throw new SysrecException(ExitCodes.Usage, $"--tls-ca: {caFile} holds no PEM certificate (-----BEGIN CERTIFICATE-----). Give the CA's certificate");
        }
        X509Certificate2? client = null;
        if (certFile is not null || keyFile is not null)
        {
            if (certFile is null || keyFile is null)
                throw SysrecException.BadArguments(certFile is null ? "--tls-key: needs --tls-cert, the certificate it is the key of" : "--tls-cert: needs --tls-key, the certificate's private key");
            string certificate = BrokerFiles.ReadPublic("--tls-cert", certFile);
            string key = BrokerFiles.ReadSecret("--tls-key", keyFile);
            try
            {
                client = X509Certificate2.CreateFromPem(certificate, key);
            }
            // A key that is another certificate's is an ArgumentException, one that does not read a CryptographicException.
            catch (Exception e) when (e is CryptographicException or ArgumentException)
            {
                throw new SysrecException(ExitCodes.Usage, $"--tls-key: {keyFile} is not the private key of the certificate in {certFile} (both PEM, the key unencrypted). Give the matching pair");
            }
            if (client.NotAfter < DateTime.Now)
                throw new SysrecException(ExitCodes.Usage, $"--tls-cert: the certificate in {certFile} expired on {Utc(client.NotAfter)}. Renew it");
            if (client.NotBefore > DateTime.Now)
                throw new SysrecException(ExitCodes.Usage, $"--tls-cert: the certificate in {certFile} is not valid before {Utc(client.NotBefore)}. Check this machine's clock");
        }
        return new BrokerTls(caFile, authorities, client, skipVerify);
    }

    /// <summary>Why the server's certificate was last refused, or null.</summary>
    public string? Refusal => _refusal;

    public bool PresentsCertificate => _clientCertificate is not null;

    public NatsTlsOpts Options => new() { Mode = TlsMode.Require, ConfigureClientAuthentication = Configure };

    private ValueTask Configure(SslClientAuthenticationOptions options)
    {
        if (_clientCertificate is not null)
            options.ClientCertificateContext = SslStreamCertificateContext.Create(_clientCertificate, additionalCertificates: null, offline: true);
        if (_authorities is not null)
        {
            options.CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            options.CertificateChainPolicy.CustomTrustStore.AddRange(_authorities);
        }
        options.RemoteCertificateValidationCallback = Validate;
        return ValueTask.CompletedTask;
    }

    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (_skipVerify || errors == SslPolicyErrors.None)
        {
            _refusal = null;
            return true;
        }
        var server = certificate is null ? null : new X509Certificate2(certificate);
        string host = (sender as SslStream)?.TargetHostName ?? "the server";
        _refusal = (errors, server) switch
        {
            (_, null) => "the server sent no certificate",
            _ when (errors & SslPolicyErrors.RemoteCertificateChainErrors) != 0 => ChainProblem(server, chain),
            _ => $"its certificate is for {Names(server)}, not {host}",
        };
        return false;
    }

    private string ChainProblem(X509Certificate2 server, X509Chain? chain)
    {
        X509ChainStatusFlags flags = chain?.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (all, status) => all | status.Status) ?? X509ChainStatusFlags.NoError;
        if ((flags & X509ChainStatusFlags.NotTimeValid) != 0)
        {
            return server.NotAfter < DateTime.Now
                ? $"its certificate expired on {Utc(server.NotAfter)}"
                : $"its certificate is not valid before {Utc(server.NotBefore)}";
        }
        if ((flags & (X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain)) != 0)
            return _caFile is null ? "its certificate is not signed by a CA this system trusts (give the CA with --tls-ca)" : $"its certificate is not signed by the CA in {_caFile}";
        return string.Join("; ", chain!.ChainStatus.Select(status => status.StatusInformation.Trim()));
    }

    private static string Names(X509Certificate2 certificate)
    {
        var names = new List<string>();
        foreach (X509SubjectAlternativeNameExtension san in certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>())
        {
            names.AddRange(san.EnumerateDnsNames());
            names.AddRange(san.EnumerateIPAddresses().Select(address => address.ToString()));
        }
        return names.Count > 0 ? string.Join(", ", names) : certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
    }

    private static string Utc(DateTime time) => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
