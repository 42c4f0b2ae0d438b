namespace Fencepost.ConsoleWeb.Configuration;

/// <summary>The console's settings, section <c>Fencepost:Console</c>.</summary>
public sealed class ConsoleOptions
{
    public const string SectionName = "Fencepost:Console";

    /// <summary>The console's HTTP port; 0 picks a free one (tests).</summary>
    public int Port { get; set; } = 8080;

    /// <summary>"localhost" (default) or an IP address to listen on.</summary>
    public string Address { get; set; } = "localhost";

    /// <summary>Starts the console with every write disabled; admins can switch it at run time.</summary>
    public bool ReadOnly { get; set; }

    /// <summary>The first-run admin's password when no admin is configured; generated and logged once when empty.</summary>
    public string? AdminPassword { get; set; }

    public List<ConsoleUserOptions> Users { get; set; } = [];

    /// <summary>Other console nodes (base URLs) whose config hubs this node listens to for pushed changes.</summary>
    public List<string> Peers { get; set; } = [];

    /// <summary>Failed sign-ins allowed per user and client address within <see cref="FailedSignInWindow"/>.</summary>
    public int MaxFailedSignIns { get; set; } = 5;

    public TimeSpan FailedSignInWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// HTTPS on the console port (PEM files, reloaded when they change; <c>ClientCaFile</c> asks for
    /// client certificates too). Off while no certificate is set; cookies are Secure whenever served over HTTPS.
    /// </summary>
    public Fencepost.Engine.Security.Tls.TlsListenerOptions Tls { get; set; } = new();
}
