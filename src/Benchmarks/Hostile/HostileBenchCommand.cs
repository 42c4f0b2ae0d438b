using System.CommandLine;
using System.Diagnostics;
using Fencepost.CommandLine;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Temporalio.Api.Common.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Fencepost.Benchmarks.Hostile;

/// <summary>
/// <c>bench-hostile</c>: sends concurrent oversized StartWorkflowExecution requests to a running
/// server and prints the server process's working set before, at its peak (sampled every 50 ms)
/// and after, with how each request was answered, then checks an ordinary request still works.
/// It prints numbers and asserts nothing.
/// </summary>
public static class HostileBenchCommand
{
    public const string Name = "bench-hostile";

    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(b => b, b => b);

    public static Command Create()
    {
        var address = CommandLineOptions.Text("--address", "the server's frontend, host:port (required)");
        var pid = CommandLineOptions.Integer("--pid", "the server's process id, whose working set is sampled (required)", 0, 0, int.MaxValue);
        var requests = CommandLineOptions.Integer("--requests", "oversized requests sent at once", 64, 1, 10_000);
        var megabytes = CommandLineOptions.Integer("--megabytes", "size of each request's payload in MB", 28, 1, 1_000);
        var settle = CommandLineOptions.Integer("--settle-seconds", "how long after the burst the working set is read again", 10, 0, 600);
        var command = new Command(Name, "Sends concurrent oversized requests to a server and prints its working set before, at peak and after.")
        {
            address, pid, requests, megabytes, settle,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (string.IsNullOrWhiteSpace(parse.GetValue(address)) || parse.GetValue(pid) <= 0)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"{Name}: --address host:port and --pid <server process id> are required.").ConfigureAwait(false);
                return Cli.BenchCommand.BadArguments;
            }
            await RunAsync(parse.GetValue(address)!, parse.GetValue(pid), parse.GetValue(requests), parse.GetValue(megabytes), TimeSpan.FromSeconds(parse.GetValue(settle)), parse.InvocationConfiguration.Output, ct).ConfigureAwait(false);
            return Cli.BenchCommand.Succeeded;
        });
        return command;
    }

    public static async Task RunAsync(string address, int pid, int requests, int megabytes, TimeSpan settle, TextWriter output, CancellationToken ct)
    {
        using var server = Process.GetProcessById(pid);
        output.WriteLine($"machine: {MachineDescription.Current()}");
        output.WriteLine($"server: pid {pid} at {address}; {requests} concurrent StartWorkflowExecution requests of {megabytes} MB each");
        var before = WorkingSetMb(server);
        output.WriteLine($"working set before: {before:F0} MB");

        using var channel = GrpcChannel.ForAddress($"http://{address}", new GrpcChannelOptions { MaxSendMessageSize = null });
        var invoker = channel.CreateCallInvoker();
        var method = new Method<byte[], byte[]>(MethodType.Unary, "temporal.api.workflowservice.v1.WorkflowService", "StartWorkflowExecution", Bytes, Bytes);
        // One request's bytes, sent by every call: the client holds one copy, not one per request.
        var oversized = Request("hostile", megabytes * 1_000_000).ToByteArray();

        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var peak = before;
        var sampler = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
            while (await timer.WaitForNextTickAsync(sampling.Token).ConfigureAwait(false))
            {
                peak = Math.Max(peak, WorkingSetMb(server));
            }
        }, CancellationToken.None);

        var clock = Stopwatch.StartNew();
        var answers = await Task.WhenAll(Enumerable.Range(0, requests).Select(async _ =>
        {
            try
            {
                await invoker.AsyncUnaryCall(method, null, new CallOptions(deadline: DateTime.UtcNow.AddMinutes(2), cancellationToken: ct), oversized).ResponseAsync.ConfigureAwait(false);
                return "OK";
            }
            catch (RpcException ex)
            {
                return ex.StatusCode.ToString();
            }
        })).ConfigureAwait(false);
        var burst = clock.Elapsed;

        string normal;
        try
        {
            await invoker.AsyncUnaryCall(method, null, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: ct), Request("after-hostile", 100).ToByteArray()).ResponseAsync.ConfigureAwait(false);
            normal = "OK";
        }
        catch (RpcException ex)
        {
            normal = ex.StatusCode.ToString();
        }

        // What the server keeps once the burst is over: read again after the settle time.
        await Task.Delay(settle, ct).ConfigureAwait(false);
        await sampling.CancelAsync().ConfigureAwait(false);
        try
        {
            await sampler.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The sampler stops when told to.
        }
        var after = WorkingSetMb(server);

        output.WriteLine($"answers: {string.Join(", ", answers.GroupBy(a => a).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"))} in {burst.TotalSeconds:F1} s");
        output.WriteLine($"an ordinary start afterwards: {normal}");
        output.WriteLine($"working set: before {before:F0} MB, peak {peak:F0} MB, {settle.TotalSeconds:F0} s after {after:F0} MB");
    }

    private static StartWorkflowExecutionRequest Request(string prefix, int payloadBytes) => new()
    {
        Namespace = "default",
        WorkflowId = $"{prefix}-{Guid.NewGuid():N}",
        WorkflowType = new WorkflowType { Name = "Hostile" },
        TaskQueue = new TaskQueue { Name = "bench-hostile" },
        RequestId = Guid.NewGuid().ToString(),
        Identity = Name,
        Input = new Payloads { Payloads_ = { new Payload { Data = ByteString.CopyFrom(new byte[payloadBytes]) } } },
    };

    private static double WorkingSetMb(Process process)
    {
        process.Refresh();
        return process.WorkingSet64 / 1_000_000.0;
    }
}
