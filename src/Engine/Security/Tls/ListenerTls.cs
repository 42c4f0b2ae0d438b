using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Fencepost.Engine.Security.Tls;

/// <summary>Turns TLS (and mutual TLS) on for a Kestrel listener from <see cref="TlsListenerOptions"/>.</summary>
public static class ListenerTls
{
    public static void Apply(ListenOptions listen, TlsListenerOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(listen);
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return;
        }
        var certificate = new ReloadingCertificate(options, timeProvider);
        listen.UseHttps(new HttpsConnectionAdapterOptions
        {
            ServerCertificateSelector = (_, _) => certificate.Current,
            ClientCertificateMode = options.RequiresClientCertificate ? ClientCertificateMode.RequireCertificate : ClientCertificateMode.NoCertificate,
            ClientCertificateValidation = options.RequiresClientCertificate
                ? (client, _, _) => IssuedBy(client, certificate.ClientCa!)
                : null,
        });
    }

    /// <summary>True when <paramref name="client"/> chains to one of <paramref name="trustedCa"/> (and only to it: the system's roots do not count).</summary>
    public static bool IssuedBy(X509Certificate2 client, X509Certificate2Collection trustedCa)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trustedCa);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.2"));
        return chain.Build(client);
    }
}
