using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace Fencepost.ConsoleWeb.Browser.Tests;

/// <summary>Holds an address an operator changes by update (an empty city is rejected) until terminated.</summary>
[Workflow]
public class AddressWorkflow
{
    private string _city = "";

    [WorkflowRun]
    public Task RunAsync() => Workflow.WaitConditionAsync(() => false);

    [WorkflowUpdate]
    public Task<string> SetAddressAsync(string city)
    {
        _city = city;
        return Task.FromResult($"address set to {_city}");
    }

    [WorkflowUpdateValidator(nameof(SetAddressAsync))]
    public void ValidateSetAddress(string city)
    {
        if (string.IsNullOrWhiteSpace(city))
        {
            throw new ApplicationFailureException("a city is required", errorType: "NoCity");
        }
    }
}
