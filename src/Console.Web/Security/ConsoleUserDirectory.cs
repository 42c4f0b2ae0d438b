using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Fencepost.ConsoleWeb.Configuration;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Stores;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Fencepost.ConsoleWeb.Security;

/// <summary>
/// The console's users: those configured under <c>Fencepost:Console:Users</c>, plus those an admin
/// adds at run time (kept in this process until it exits; the Users page shows the configuration
/// entry that makes them permanent). Passwords are stored only as PBKDF2 hashes.
/// </summary>
public sealed class ConsoleUserDirectory
{
    /// <summary>The name of the first-run admin created when no admin is configured.</summary>
    public const string FirstRunAdminName = "admin";

    /// <summary>The signing-key purpose under which the first-run admin's password hash is kept.</summary>
    public const string FirstRunAdminPurpose = "console-first-run-admin";

    private readonly PasswordHasher<ConsoleAccount> _hasher = new();
    private readonly ConcurrentDictionary<string, ConsoleAccount> _accounts = new(StringComparer.OrdinalIgnoreCase);

    // Verified for unknown names too, so a wrong name takes as long as a wrong password.
    private readonly string _decoyHash;
    private readonly ILogger<ConsoleUserDirectory> _logger;
    private string? _generatedPassword;

    public ConsoleUserDirectory(IOptions<ConsoleOptions> options, ILogger<ConsoleUserDirectory> logger)
    {
        _logger = logger;
        _decoyHash = _hasher.HashPassword(null!, RandomNumberGenerator.GetHexString(32));
        foreach (var user in options.Value.Users)
        {
            // The options validator has already refused unknown roles.
            var role = ConsoleRoles.TryParse(user.Role, out var parsed) ? parsed : ConsoleRole.Viewer;
            _accounts[user.Name] = new ConsoleAccount(user.Name, role, user.PasswordHash, FromConfiguration: true);
        }
        if (!_accounts.Values.Any(a => a.Role == ConsoleRole.Admin))
        {
            var password = options.Value.AdminPassword;
            if (string.IsNullOrEmpty(password))
            {
                // Logged by SettleFirstRunAdminAsync, once the store says whether an earlier start made one.
                password = RandomNumberGenerator.GetString("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 20);
                _generatedPassword = password;
            }
            else
            {
                ConsoleLog.FirstRunAdminConfigured(logger, FirstRunAdminName);
            }
            _accounts[FirstRunAdminName] = new ConsoleAccount(FirstRunAdminName, ConsoleRole.Admin, Hash(password), FromConfiguration: true);
        }
    }

    /// <summary>
    /// Settles a generated first-run admin password with the store, so it is shown once per cluster,
    /// not on every start: the first start stores its hash (as a signing-key record) and logs the
    /// password; later starts, and the other nodes, take the stored hash and log that it was kept.
    /// Without a store (or on the embedded one, which forgets everything at exit) every start is a first run.
    /// </summary>
    public async Task SettleFirstRunAdminAsync(IClusterStore? store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _generatedPassword, null) is not { } generated)
        {
            return;
        }
        var generatedHash = _accounts[FirstRunAdminName].PasswordHash;
        if (store is null)
        {
            ConsoleLog.FirstRunAdminGenerated(_logger, FirstRunAdminName, generated);
            return;
        }
        var existing = await store.ListSigningKeysAsync(FirstRunAdminPurpose, cancellationToken).ConfigureAwait(false);
        var stored = existing.Count > 0 ? existing[0] : await store.AddSigningKeyAsync(new SigningKeyRecord(FirstRunAdminPurpose, 1, Encoding.UTF8.GetBytes(generatedHash), time.GetUtcNow()),
                cancellationToken).ConfigureAwait(false);
        var hash = Encoding.UTF8.GetString(stored.Secret);
        if (hash == generatedHash)
        {
            ConsoleLog.FirstRunAdminGenerated(_logger, FirstRunAdminName, generated);
            return;
        }
        _accounts[FirstRunAdminName] = new ConsoleAccount(FirstRunAdminName, ConsoleRole.Admin, hash, FromConfiguration: true);
        ConsoleLog.FirstRunAdminKept(_logger, FirstRunAdminName);
    }

    public IReadOnlyList<ConsoleAccount> Accounts => _accounts.Values.OrderBy(a => a.Name, StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>Raised after an admin changed the users.</summary>
    public event EventHandler? Changed;

    /// <summary>The account when <paramref name="password"/> is its password, else null.</summary>
    public ConsoleAccount? Verify(string name, string password)
    {
        if (!_accounts.TryGetValue(name.Trim(), out var account))
        {
            _hasher.VerifyHashedPassword(null!, _decoyHash, password);
            return null;
        }
        return _hasher.VerifyHashedPassword(account, account.PasswordHash, password) == PasswordVerificationResult.Failed ? null : account;
    }

    public ConsoleAccount? Find(string name) => _accounts.GetValueOrDefault(name);

    /// <summary>PBKDF2 hash in ASP.NET Core Identity's format, as <see cref="ConsoleUserOptions.PasswordHash"/> expects.</summary>
    public string Hash(string password) => _hasher.HashPassword(null!, password);

    /// <summary>Adds a run-time user; returns an error a person can act on, or null.</summary>
    public string? Add(string name, ConsoleRole role, string password)
    {
        name = name.Trim();
        if (name.Length is 0 or > 64 || name.Any(c => !(char.IsLetterOrDigit(c) || c is '.' or '-' or '_' or '@')))
        {
            return "A user name is 1-64 letters, digits, '.', '-', '_' or '@'.";
        }
        if (password.Length < 12)
        {
            return "A password has at least 12 characters.";
        }
        if (!_accounts.TryAdd(name, new ConsoleAccount(name, role, Hash(password), FromConfiguration: false)))
        {
            return $"'{name}' already exists.";
        }
        Changed?.Invoke(this, EventArgs.Empty);
        return null;
    }

    /// <summary>Removes a run-time user; configured users change only with the configuration.</summary>
    public string? Remove(string name)
    {
        if (_accounts.TryGetValue(name, out var account) && account.FromConfiguration)
        {
            return $"'{name}' comes from configuration; remove it there.";
        }
        if (!_accounts.TryRemove(name, out _))
        {
            return $"'{name}' does not exist.";
        }
        Changed?.Invoke(this, EventArgs.Empty);
        return null;
    }
}
