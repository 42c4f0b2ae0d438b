using Microsoft.Extensions.Options;

namespace Fencepost.Engine.Cluster.Node;

/// <summary>Reports every problem in <see cref="NodeOptions"/> at once, at start.</summary>
public sealed class NodeOptionsValidator : IValidateOptions<NodeOptions>
{
    /// <summary>Room for the "/role" suffix inside DSQL's 1 KiB key limit, with a wide margin.</summary>
    public const int MaxHostIdLength = 200;

    public ValidateOptionsResult Validate(string? name, NodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();

        var (roles, unknown) = NodeRoleNames.Parse(options.Roles);
        if (unknown.Count > 0)
        {
            errors.Add($"{NodeOptions.SectionName}:Roles has unknown role(s) {string.Join(", ", unknown.Select(u => $"'{u}'"))}; " +
                $"use any of {NodeRoleNames.Frontend}, {NodeRoleNames.History}, {NodeRoleNames.Matching}, {NodeRoleNames.Console}.");
        }
        else if (roles == NodeRoles.None)
        {
            errors.Add($"{NodeOptions.SectionName}:Roles must name at least one role.");
        }

        if (!string.IsNullOrWhiteSpace(options.HostId))
        {
            if (options.HostId.Length > MaxHostIdLength)
            {
                errors.Add($"{NodeOptions.SectionName}:HostId must be at most {MaxHostIdLength} characters, got {options.HostId.Length}.");
            }
            if (options.HostId.Contains(MembershipRowIdSeparator, StringComparison.Ordinal) || options.HostId.Any(char.IsWhiteSpace))
            {
                errors.Add($"{NodeOptions.SectionName}:HostId must not contain '{MembershipRowIdSeparator}' or whitespace, got '{options.HostId}'.");
            }
        }

        if (!string.IsNullOrWhiteSpace(options.RpcAddress) && !NodeIdentity.IsHostPort(options.RpcAddress))
        {
            errors.Add($"{NodeOptions.SectionName}:RpcAddress must be host:port with a port 1-65535, got '{options.RpcAddress}'.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private const char MembershipRowIdSeparator = Membership.MembershipRowId.Separator;
}
