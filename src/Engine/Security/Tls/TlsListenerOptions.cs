namespace Fencepost.Engine.Security.Tls;

/// <summary>
/// TLS for one listener, from PEM files that are re-read when they change (a renewed certificate
/// needs no restart). With <see cref="ClientCaFile"/> the listener asks every client for a
/// certificate and accepts only those issued by that CA (mutual TLS).
/// </summary>
public sealed class TlsListenerOptions
{
    public string? CertificateFile { get; set; }

    public string? KeyFile { get; set; }

    public string? ClientCaFile { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(CertificateFile);

    public bool RequiresClientCertificate => !string.IsNullOrWhiteSpace(ClientCaFile);

    /// <summary>Every problem, prefixed with <paramref name="section"/>; empty when usable.</summary>
    public IEnumerable<string> Problems(string section)
    {
        if (!Enabled)
        {
            if (RequiresClientCertificate || !string.IsNullOrWhiteSpace(KeyFile))
            {
                yield return $"{section}:CertificateFile is required when KeyFile or ClientCaFile is set.";
            }
            yield break;
        }
        foreach (var (name, file) in new[] { ("CertificateFile", CertificateFile), ("KeyFile", KeyFile), ("ClientCaFile", ClientCaFile) })
        {
            if (!string.IsNullOrWhiteSpace(file) && !File.Exists(file))
            {
                yield return $"{section}:{name} names '{file}', which does not exist.";
            }
        }
    }
}
