using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Sysrec.Tests.Integration;

/// <summary>
/// A CA and the certificates the TLS tests need, made fresh in a temporary directory for each use and
/// valid for a day, so nothing that expires is kept anywhere: the server's (for 127.0.0.1), a client's,
/// and the faulty ones (another CA's, an expired one, one for another name). Keys are PEM, mode 0600.
/// </summary>
internal sealed class TestCertificates : IDisposable
{
    private readonly TempDirectory _dir = new();

    public TestCertificates()
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        using X509Certificate2 ca = Authority("sysrec test CA", "ca.pem");
        using X509Certificate2 other = Authority("another CA", "other-ca.pem");
        Leaf("server", ca, server: true, now.AddHours(-1), now.AddDays(1), ip: IPAddress.Loopback);
        Leaf("client", ca, server: false, now.AddHours(-1), now.AddDays(1));
        Leaf("stranger-server", other, server: true, now.AddHours(-1), now.AddDays(1), ip: IPAddress.Loopback);
        Leaf("expired-server", ca, server: true, now.AddDays(-3), now.AddDays(-1), ip: IPAddress.Loopback);
        Leaf("elsewhere-server", ca, server: true, now.AddHours(-1), now.AddDays(1), dns: "broker.example.com");
    }

    public string CaFile => _dir.File("ca.pem");

    public string OtherCaFile => _dir.File("other-ca.pem");

    /// <summary>The certificate of <paramref name="name"/> (server, client, stranger-server, expired-server, elsewhere-server).</summary>
    public string Cert(string name) => _dir.File($"{name}.pem");

    public string Key(string name) => _dir.File($"{name}.key");

    public void Dispose() => _dir.Dispose();

    private X509Certificate2 Authority(string name, string file)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        // From a week back, so that it can have signed the expired certificate.
        X509Certificate2 authority = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-7), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(_dir.File(file), authority.ExportCertificatePem());
        return authority;
    }

    private void Leaf(string name, X509Certificate2 issuer, bool server, DateTimeOffset notBefore, DateTimeOffset notAfter, IPAddress? ip = null, string? dns = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(server ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        if (ip is not null || dns is not null)
        {
            var names = new SubjectAlternativeNameBuilder();
            if (ip is not null)
                names.AddIpAddress(ip);
            if (dns is not null)
                names.AddDnsName(dns);
            request.CertificateExtensions.Add(names.Build());
        }
        using X509Certificate2 certificate = request.Create(issuer, notBefore, notAfter, RandomNumberGenerator.GetBytes(12));
        File.WriteAllText(Cert(name), certificate.ExportCertificatePem());
        File.WriteAllText(Key(name), key.ExportPkcs8PrivateKeyPem());
        File.SetUnixFileMode(Key(name), UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
