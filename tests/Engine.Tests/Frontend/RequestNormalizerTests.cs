using Fencepost.Engine.Errors;
using Fencepost.Engine.Frontend;
using Fencepost.Engine.History;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Fencepost.Engine.Tests.Frontend;

/// <summary>Every request's ids are checked and its durations capped before anything serves it.</summary>
public class RequestNormalizerTests
{
    private static readonly Duration NineThousandYears = new() { Seconds = 9_000L * 365 * 24 * 3600 };

    private static StartWorkflowExecutionRequest Start() => new()
    {
        Namespace = "default",
        WorkflowId = "wf",
        WorkflowType = new WorkflowType { Name = "Type" },
        TaskQueue = new TaskQueue { Name = "queue" },
        RequestId = Guid.NewGuid().ToString(),
    };

    private static ServiceErrorException Refused(Google.Protobuf.IMessage request)
    {
        var error = Assert.Throws<ServiceErrorException>(() => RequestNormalizer.Normalize(request));
        Assert.Equal(StatusCode.InvalidArgument, error.Code);
        return error;
    }

    [Fact]
    public void Normalize_ValidRequest_LeavesItUnchanged()
    {
        var request = Start();
        request.WorkflowExecutionTimeout = Duration.FromTimeSpan(TimeSpan.FromDays(60));
        var before = request.Clone();

        RequestNormalizer.Normalize(request);

        Assert.Equal(before, request);
    }

    [Theory]
    [InlineData("wf\0id", "WorkflowId", "U+0000")]
    [InlineData("wf\nid", "WorkflowId", "U+000A")]
    public void Normalize_ControlCharacterInWorkflowId_RefusedNamingTheField(string workflowId, string field, string character)
    {
        var request = Start();
        request.WorkflowId = workflowId;

        var error = Refused(request);

        Assert.StartsWith(field + " contains a control character", error.Message, StringComparison.Ordinal);
        Assert.Contains(character, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Normalize_NestedIds_RefusedWithTheirPath()
    {
        var queue = Start();
        queue.TaskQueue.Name = "q\u0001";
        Assert.StartsWith("TaskQueue.Name contains a control character", Refused(queue).Message, StringComparison.Ordinal);

        var type = Start();
        type.WorkflowType.Name = new string('t', RequestValidator.MaxIdLength + 1);
        Assert.Equal($"WorkflowType.Name is longer than {RequestValidator.MaxIdLength} bytes.", Refused(type).Message);

        var completion = new RespondWorkflowTaskCompletedRequest { Namespace = "default" };
        completion.Commands.Add(new Command { CommandType = CommandType.StartTimer, StartTimerCommandAttributes = new() { TimerId = "1", StartToFireTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(1)) } });
        completion.Commands.Add(new Command { CommandType = CommandType.StartTimer, StartTimerCommandAttributes = new() { TimerId = "2\0", StartToFireTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(1)) } });
        Assert.StartsWith("Commands[1].StartTimerCommandAttributes.TimerId contains", Refused(completion).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a", 1_000, true)]
    [InlineData("a", 1_001, false)]
    [InlineData("\u00e9", 500, true)]
    [InlineData("\u00e9", 501, false)]
    [InlineData("\u6f22", 334, false)]
    public void Normalize_IdLength_CountedInUtf8BytesAsTemporalDoes(string character, int count, bool accepted)
    {
        var request = Start();
        request.WorkflowId = string.Concat(Enumerable.Repeat(character, count));

        if (accepted)
        {
            RequestNormalizer.Normalize(request);
        }
        else
        {
            Assert.Equal($"WorkflowId is longer than {RequestValidator.MaxIdLength} bytes.", Refused(request).Message);
        }
    }

    [Fact]
    public void Normalize_HugeNamespace_RefusedWithAShortMessage()
    {
        var request = new DescribeNamespaceRequest { Namespace = new string('n', 100_000) };

        var error = Refused(request);

        Assert.Equal($"Namespace is longer than {RequestValidator.MaxIdLength} bytes.", error.Message);
    }

    [Fact]
    public void Normalize_DurationsBeyondOneHundredYears_CappedInPlaceEverywhere()
    {
        var start = Start();
        start.WorkflowExecutionTimeout = NineThousandYears.Clone();
        start.WorkflowRunTimeout = new Duration { Seconds = long.MaxValue };
        start.RetryPolicy = new RetryPolicy { InitialInterval = NineThousandYears.Clone() };
        RequestNormalizer.Normalize(start);
        Assert.Equal(DurationLimits.Max, start.WorkflowExecutionTimeout.ToTimeSpan());
        Assert.Equal(DurationLimits.Max, start.WorkflowRunTimeout.ToTimeSpan());
        Assert.Equal(DurationLimits.Max, start.RetryPolicy.InitialInterval.ToTimeSpan());

        var completion = new RespondWorkflowTaskCompletedRequest { Namespace = "default" };
        completion.Commands.Add(new Command { CommandType = CommandType.StartTimer, StartTimerCommandAttributes = new() { TimerId = "1", StartToFireTimeout = NineThousandYears.Clone() } });
        RequestNormalizer.Normalize(completion);
        Assert.Equal(DurationLimits.Max, completion.Commands[0].StartTimerCommandAttributes.StartToFireTimeout.ToTimeSpan());

        var failed = new RespondActivityTaskFailedRequest
        {
            Namespace = "default",
            Failure = new Failure { Cause = new Failure { ApplicationFailureInfo = new ApplicationFailureInfo { NextRetryDelay = NineThousandYears.Clone() } } },
        };
        RequestNormalizer.Normalize(failed);
        Assert.Equal(DurationLimits.Max, failed.Failure.Cause.ApplicationFailureInfo.NextRetryDelay.ToTimeSpan());
    }

    [Fact]
    public void Normalize_NegativeDuration_StaysNegativeForTheFieldsOwnCheck()
    {
        var start = Start();
        start.WorkflowExecutionTimeout = new Duration { Seconds = long.MinValue };

        RequestNormalizer.Normalize(start);

        Assert.Equal(-DurationLimits.Max, start.WorkflowExecutionTimeout.ToTimeSpan());
    }

    [Theory]
    [InlineData(5, -1, "different signs")]
    [InlineData(-5, 1, "different signs")]
    [InlineData(0, 1_000_000_000, "nanos are not within one second")]
    public void Normalize_InvalidDuration_RefusedNamingTheField(long seconds, int nanos, string problem)
    {
        var start = Start();
        start.WorkflowTaskTimeout = new Duration { Seconds = seconds, Nanos = nanos };

        var error = Refused(start);

        Assert.StartsWith("WorkflowTaskTimeout is not a valid duration", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }
}
