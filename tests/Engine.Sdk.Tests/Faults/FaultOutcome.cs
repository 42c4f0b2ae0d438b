using System.Globalization;

namespace Fencepost.Engine.Sdk.Tests.Faults;

/// <summary>
/// What load through the SDK saw around one fault. Started: starts the server accepted. Refused:
/// starts it answered with an error. Stuck: accepted but not finished within the drain. Recovered:
/// from the fault's end until the last workflow started before it finished (0 when none waited).
/// </summary>
public sealed record FaultOutcome(string Fault, int Started, int Completed, int Failed, int Stuck, int Refused, TimeSpan Recovered)
{
    public const string Header = "| Fault | Started | Completed | Failed | Stuck | Starts refused | Recovered in |\n| --- | --: | --: | --: | --: | --: | --: |";

    public string Row => string.Create(CultureInfo.InvariantCulture,
        $"| {Fault} | {Started} | {Completed} | {Failed} | {Stuck} | {Refused} | {Recovered.TotalSeconds:0.0} s |");
}
