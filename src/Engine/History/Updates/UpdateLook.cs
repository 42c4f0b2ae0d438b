using Temporalio.Api.Failure.V1;
using Temporalio.Api.Update.V1;

namespace Fencepost.Engine.History.Updates;

/// <summary>What a run knows of one update, read under its lock.</summary>
internal sealed record UpdateLook(UpdateLookKind Kind, InFlightUpdate? InFlight = null, Outcome? Outcome = null)
{
    public static readonly UpdateLook Unknown = new(UpdateLookKind.Unknown);

    public static readonly UpdateLook Accepted = new(UpdateLookKind.Accepted);

    /// <summary>Accepted and completed, or rejected: the outcome is final.</summary>
    public static UpdateLook Completed(Outcome outcome) => new(UpdateLookKind.Completed, Outcome: outcome);

    public static UpdateLook Rejected(Failure failure) => Completed(new Outcome { Failure = failure });

    public static UpdateLook Admitted(InFlightUpdate update) => new(UpdateLookKind.InFlight, InFlight: update);
}
