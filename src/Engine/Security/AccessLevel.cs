namespace Fencepost.Engine.Security;

/// <summary>What a method needs of its caller, in increasing order: each level includes the ones below it.</summary>
public enum AccessLevel
{
    /// <summary>Any authenticated caller (system information a client needs to connect).</summary>
    Authenticated = 0,
    Read = 1,
    Write = 2,
    Admin = 3,
}
