namespace Fencepost.ConsoleWeb.Security;

/// <summary>The fields the sign-in page posts.</summary>
public sealed class SignInForm
{
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string? ReturnUrl { get; set; }
}
