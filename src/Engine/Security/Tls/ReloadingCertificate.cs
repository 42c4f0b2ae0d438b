using System.Security.Cryptography.X509Certificates;

namespace Fencepost.Engine.Security.Tls;

/// <summary>
/// A listener's certificate from PEM files, loaded again when the files change: checked at most
/// once every few seconds, on the handshakes that ask for it, so a renewal takes effect for new
/// connections without a restart and an unchanged file costs one stat call per interval.
/// </summary>
public sealed class ReloadingCertificate(TlsListenerOptions options, TimeProvider timeProvider)
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(2);
    private readonly Lock _gate = new();
    private X509Certificate2? _certificate;
    private X509Certificate2Collection? _clientCa;
    private string _stamp = "";
    private DateTimeOffset _checkedAt = DateTimeOffset.MinValue;

    public X509Certificate2 Current
    {
        get
        {
            Refresh();
            return _certificate!;
        }
    }

    /// <summary>The CA client certificates must chain to, when mutual TLS is on.</summary>
    public X509Certificate2Collection? ClientCa
    {
        get
        {
            Refresh();
            return _clientCa;
        }
    }

    private void Refresh()
    {
        lock (_gate)
        {
            var now = timeProvider.GetUtcNow();
            if (_certificate is not null && now - _checkedAt < CheckInterval)
            {
                return;
            }
            _checkedAt = now;
            var stamp = Stamp(options.CertificateFile) + Stamp(options.KeyFile) + Stamp(options.ClientCaFile);
            if (stamp == _stamp && _certificate is not null)
            {
                return;
            }
            var certificate = X509Certificate2.CreateFromPemFile(options.CertificateFile!, options.KeyFile);
            // Kestrel on Linux needs the key in a form SslStream can use: round-trip through PKCS #12.
            _certificate = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
            if (options.RequiresClientCertificate)
            {
                var ca = new X509Certificate2Collection();
                ca.ImportFromPemFile(options.ClientCaFile!);
                _clientCa = ca;
            }
            _stamp = stamp;
        }
    }

    private static string Stamp(string? file) =>
        string.IsNullOrWhiteSpace(file) ? "-" : $"{file}@{File.GetLastWriteTimeUtc(file).Ticks}:{new FileInfo(file).Length};";
}
