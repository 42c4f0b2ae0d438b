using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace Fencepost.ConsoleWeb.Security;

/// <summary>Sign-in and sign-out as plain form posts (both antiforgery-checked), so the cookie is set by an HTTP response.</summary>
public static class AccountEndpoints
{
    public const string SignInPath = "/account/signin";
    public const string SignOutPath = "/account/signout";

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(SignInPath, SignInAsync).AllowAnonymous();
        endpoints.MapPost(SignOutPath, new Func<HttpContext, IAntiforgery, Task<IResult>>(SignOutAsync));
        return endpoints;
    }

    private static async Task<IResult> SignInAsync([FromForm] SignInForm form, HttpContext context, ConsoleUserDirectory users,
        SignInThrottle throttle, ILoggerFactory loggerFactory)
    {
        var logger = loggerFactory.CreateLogger(typeof(AccountEndpoints));
        var name = form.UserName?.Trim() ?? "";
        var returnUrl = IsLocal(form.ReturnUrl) ? form.ReturnUrl! : "/";
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        // Counted before the password is hashed, so parallel guesses are counted as serial ones are.
        if (throttle.TryBegin(name, address) is { } wait)
        {
            ConsoleLog.SignInThrottled(logger, name, address);
            return Results.Redirect(SignInPage(returnUrl, $"Too many failed sign-ins. Try again in {Math.Max(1, Math.Ceiling(wait.TotalSeconds))} s."));
        }
        ConsoleAccount? account;
        using (var verifier = await throttle.EnterVerifierAsync(context.RequestAborted))
        {
            if (verifier is null)
            {
                return Results.Redirect(SignInPage(returnUrl, "The console is busy checking other sign-ins. Try again in a few seconds."));
            }
            account = name.Length == 0 || string.IsNullOrEmpty(form.Password) ? null : users.Verify(name, form.Password);
        }
        if (account is null)
        {
            ConsoleLog.SignInFailed(logger, name, address);
            return Results.Redirect(SignInPage(returnUrl, "Wrong user name or password."));
        }
        throttle.RecordSuccess(name, address);
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, account.Name), new Claim(SecurityStampValidator.StampClaim, account.SecurityStamp), .. ConsoleRoles.ClaimsFor(account.Role)],
            CookieAuthenticationDefaults.AuthenticationScheme);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        ConsoleLog.SignedIn(logger, account.Name, address);
        return Results.LocalRedirect(returnUrl);
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, IAntiforgery antiforgery)
    {
        // Checked here: the endpoint binds no form, and the antiforgery middleware only checks
        // endpoints that do, so a forged cross-site POST would otherwise sign the user out.
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Results.BadRequest("The sign-out form's antiforgery token is missing or wrong.");
        }
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Results.Redirect("/signin");
    }

    private static string SignInPage(string returnUrl, string error) =>
        $"/signin?returnUrl={Uri.EscapeDataString(returnUrl)}&error={Uri.EscapeDataString(error)}";

    // Only paths on this site: "//host" and "/\host" would leave it.
    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));
}
