using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Fencepost.ConsoleWeb.Security;

/// <summary>
/// Checks a sign-in cookie against the user directory on every request: a cookie whose user was
/// removed, or whose password or role changed since it was issued (a different security stamp), is
/// refused and cleared, so an admin's removal takes effect at the user's next click, not in 8 hours.
/// </summary>
public static class SecurityStampValidator
{
    public const string StampClaim = "fencepost:stamp";

    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var directory = context.HttpContext.RequestServices.GetRequiredService<ConsoleUserDirectory>();
        var name = context.Principal?.FindFirstValue(ClaimTypes.Name);
        var stamp = context.Principal?.FindFirstValue(StampClaim);
        if (name is null || stamp is null || directory.Find(name) is not { } account || account.SecurityStamp != stamp)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }
}
