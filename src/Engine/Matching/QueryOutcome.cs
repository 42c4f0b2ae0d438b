using Temporalio.Api.Common.V1;

namespace Fencepost.Engine.Matching;

/// <summary>A worker's answer to a query: a result, or an error message.</summary>
internal sealed record QueryOutcome(Payloads? Result, string? ErrorMessage, Temporalio.Api.Failure.V1.Failure? Failure);
