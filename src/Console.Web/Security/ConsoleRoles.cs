using System.Security.Claims;

namespace Fencepost.ConsoleWeb.Security;

/// <summary>Role names as configured and as role claims; a user carries the claims of every role its own includes.</summary>
public static class ConsoleRoles
{
    public const string Viewer = "viewer";
    public const string Operator = "operator";
    public const string Admin = "admin";

    public static bool TryParse(string? name, out ConsoleRole role)
    {
        switch (name?.Trim().ToLowerInvariant())
        {
            case Viewer: role = ConsoleRole.Viewer; return true;
            case Operator: role = ConsoleRole.Operator; return true;
            case Admin: role = ConsoleRole.Admin; return true;
            default: role = default; return false;
        }
    }

    public static string NameOf(ConsoleRole role) => role switch
    {
        ConsoleRole.Admin => Admin,
        ConsoleRole.Operator => Operator,
        _ => Viewer,
    };

    /// <summary>The role claims for <paramref name="role"/>: its own and every role it includes.</summary>
    public static IEnumerable<Claim> ClaimsFor(ConsoleRole role) =>
        Enum.GetValues<ConsoleRole>().Where(r => r <= role).Select(r => new Claim(ClaimTypes.Role, NameOf(r)));

    /// <summary>The highest role the principal holds.</summary>
    public static ConsoleRole Of(ClaimsPrincipal user) =>
        user.IsInRole(Admin) ? ConsoleRole.Admin : user.IsInRole(Operator) ? ConsoleRole.Operator : ConsoleRole.Viewer;
}
