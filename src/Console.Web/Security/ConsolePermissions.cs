using System.Security.Claims;

namespace Fencepost.ConsoleWeb.Security;

/// <summary>
/// Who may do what right now. Pages use it to enable buttons; the services behind them check it
/// again, so a disabled button is never the only guard.
/// </summary>
public sealed class ConsolePermissions(ReadOnlyMode readOnlyMode)
{
    public bool IsReadOnly => readOnlyMode.IsEnabled;

    /// <summary>Operators and admins, while the console is not read-only.</summary>
    public bool CanOperate(ClaimsPrincipal user) => !readOnlyMode.IsEnabled && ConsoleRoles.Of(user) >= ConsoleRole.Operator;

    /// <summary>Admins may manage users and the read-only switch even while read-only.</summary>
    public bool CanAdminister(ClaimsPrincipal user) => ConsoleRoles.Of(user) == ConsoleRole.Admin;

    /// <summary>Why <paramref name="user"/> cannot operate, or null when they can.</summary>
    public string? WhyNotOperate(ClaimsPrincipal user) =>
        readOnlyMode.IsEnabled ? "The console is read-only; an admin can switch that off."
        : ConsoleRoles.Of(user) < ConsoleRole.Operator ? "Viewers can read but not change anything."
        : null;

    public void EnsureCanOperate(ClaimsPrincipal user)
    {
        if (WhyNotOperate(user) is { } reason)
        {
            throw new UnauthorizedAccessException(reason);
        }
    }
}
