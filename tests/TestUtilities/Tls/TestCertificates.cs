using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Fencepost.TestUtilities.Tls;

/// <summary>
/// A throwaway CA with a server certificate (localhost, 127.0.0.1) and a client certificate it
/// issued, written as PEM files to a temporary folder, as an operator would hand them to the product.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private TestCertificates(string folder, string name)
    {
        Folder = folder;
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest($"CN={name} test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        CaPem = ca.ExportCertificatePem();
        (ServerCertificatePem, ServerKeyPem) = Issue(ca, caKey, "CN=localhost", server: true);
        (ClientCertificatePem, ClientKeyPem) = Issue(ca, caKey, $"CN={name} client", server: false);
        File.WriteAllText(CaFile, CaPem);
        File.WriteAllText(ServerCertificateFile, ServerCertificatePem);
        File.WriteAllText(ServerKeyFile, ServerKeyPem);
        File.WriteAllText(ClientCertificateFile, ClientCertificatePem);
        File.WriteAllText(ClientKeyFile, ClientKeyPem);
    }

    public string Folder { get; }
    public string CaPem { get; }
    public string ServerCertificatePem { get; }
    public string ServerKeyPem { get; }
    public string ClientCertificatePem { get; }
    public string ClientKeyPem { get; }
    public string CaFile => Path.Combine(Folder, "ca.pem");
    public string ServerCertificateFile => Path.Combine(Folder, "server.pem");
    public string ServerKeyFile => Path.Combine(Folder, "server.key");
    public string ClientCertificateFile => Path.Combine(Folder, "client.pem");
    public string ClientKeyFile => Path.Combine(Folder, "client.key");

    public static TestCertificates Create(string name) =>
        new(Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"fencepost-tls-{name}-{Guid.NewGuid():N}")).FullName, name);

    /// <summary>Overwrites this set's server certificate and key files with <paramref name="other"/>'s, as a renewal would.</summary>
    public void ReplaceServerCertificateWith(TestCertificates other)
    {
        ArgumentNullException.ThrowIfNull(other);
        File.WriteAllText(ServerCertificateFile, other.ServerCertificatePem);
        File.WriteAllText(ServerKeyFile, other.ServerKeyPem);
        // A later mtime even on a coarse clock, so the reload notices.
        File.SetLastWriteTimeUtc(ServerCertificateFile, DateTime.UtcNow.AddMinutes(1));
        File.SetLastWriteTimeUtc(ServerKeyFile, DateTime.UtcNow.AddMinutes(1));
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    private static (string Certificate, string Key) Issue(X509Certificate2 ca, RSA caKey, string subject, bool server)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(server ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        if (server)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("localhost");
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
        }
        var serial = RandomNumberGenerator.GetBytes(16);
        using var issued = request.Create(ca.SubjectName, X509SignatureGenerator.CreateForRSA(caKey, RSASignaturePadding.Pkcs1),
            DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), serial);
        return (issued.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }
}
