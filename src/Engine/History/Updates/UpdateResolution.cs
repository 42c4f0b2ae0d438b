using Fencepost.Engine.Errors;
using Temporalio.Api.Failure.V1;

namespace Fencepost.Engine.History.Updates;

/// <summary>
/// How an admitted update left the in-memory registry: accepted (from then on its history events
/// tell the rest), rejected by the workflow's validator (nothing durable), or aborted with the error
/// its callers get.
/// </summary>
internal sealed record UpdateResolution(UpdateResolutionKind Kind, Failure? Rejection = null, ServiceErrorException? Error = null)
{
    public static readonly UpdateResolution Accepted = new(UpdateResolutionKind.Accepted);

    public static UpdateResolution Rejected(Failure failure) => new(UpdateResolutionKind.Rejected, Rejection: failure);

    public static UpdateResolution Aborted(ServiceErrorException error) => new(UpdateResolutionKind.Aborted, Error: error);
}
