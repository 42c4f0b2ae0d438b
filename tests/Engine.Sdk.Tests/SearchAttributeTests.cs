using Fencepost.Engine.Sdk.Tests.Parity;
using Fencepost.Engine.Sdk.Tests.Workflows;
using Google.Protobuf;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.OperatorService.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Temporalio.Common;
using Temporalio.Exceptions;

namespace Fencepost.Engine.Sdk.Tests;

/// <summary>
/// Custom search attributes end to end with the .NET SDK: registered through OperatorService,
/// type-checked on start, filtered on in list and count with each type's operators, and typed when
/// read back. Runs use unique values so tests never see each other's runs.
/// </summary>
public class SearchAttributeTests(EngineFixture engine) : SdkTestBase(engine), IClassFixture<EngineFixture>
{
    private static readonly SearchAttributeKey<string> Keyword = SearchAttributeKey.CreateKeyword("SdkKeyword");
    private static readonly SearchAttributeKey<string> Text = SearchAttributeKey.CreateText("SdkText");
    private static readonly SearchAttributeKey<long> Int = SearchAttributeKey.CreateLong("SdkInt");
    private static readonly SearchAttributeKey<double> Double = SearchAttributeKey.CreateDouble("SdkDouble");
    private static readonly SearchAttributeKey<bool> Bool = SearchAttributeKey.CreateBool("SdkBool");
    private static readonly SearchAttributeKey<DateTimeOffset> Datetime = SearchAttributeKey.CreateDateTimeOffset("SdkDatetime");
    private static readonly SearchAttributeKey<IReadOnlyCollection<string>> KeywordList = SearchAttributeKey.CreateKeywordList("SdkKeywordList");

    private Task<AddSearchAttributesResponse> RegisterAsync() => Client.Connection.OperatorService.AddSearchAttributesAsync(new AddSearchAttributesRequest
    {
        Namespace = "default",
        SearchAttributes =
        {
            ["SdkKeyword"] = IndexedValueType.Keyword,
            ["SdkText"] = IndexedValueType.Text,
            ["SdkInt"] = IndexedValueType.Int,
            ["SdkDouble"] = IndexedValueType.Double,
            ["SdkBool"] = IndexedValueType.Bool,
            ["SdkDatetime"] = IndexedValueType.Datetime,
            ["SdkKeywordList"] = IndexedValueType.KeywordList,
            ["CustomKeywordField"] = IndexedValueType.Keyword,
        },
    });

    [Fact]
    public async Task AddSearchAttributes_EveryType_ListedWithItsTypeAndShownAsNamespaceAliases()
    {
        await RegisterAsync();
        await RegisterAsync(); // The same again changes nothing.

        var listed = await Client.Connection.OperatorService.ListSearchAttributesAsync(new ListSearchAttributesRequest { Namespace = "default" });
        Assert.Equal(IndexedValueType.KeywordList, listed.CustomAttributes["SdkKeywordList"]);
        Assert.Equal(IndexedValueType.Datetime, listed.CustomAttributes["SdkDatetime"]);
        Assert.Equal(IndexedValueType.Keyword, listed.SystemAttributes["WorkflowId"]);
        Assert.Equal(IndexedValueType.KeywordList, listed.SystemAttributes["TemporalChangeVersion"]);
        var described = await Client.WorkflowService.DescribeNamespaceAsync(new DescribeNamespaceRequest { Namespace = "default" });
        var field = Assert.Single(described.Config.CustomSearchAttributeAliases, a => a.Value == "SdkInt").Key;
        Assert.Matches("^Int(0[1-9]|10)$", field);
        var all = await Client.WorkflowService.GetSearchAttributesAsync(new GetSearchAttributesRequest());
        Assert.Equal(IndexedValueType.Bool, all.Keys["SdkBool"]);
    }

    [Fact]
    public async Task AddAndRemoveSearchAttributes_BadRequests_AnsweredWithTheStatusSdksExpect()
    {
        await RegisterAsync();
        async Task<RpcException> Refused(Func<Task> call) => await Assert.ThrowsAsync<RpcException>(call);
        var retyped = await Refused(() => Client.Connection.OperatorService.AddSearchAttributesAsync(new AddSearchAttributesRequest
        {
            Namespace = "default",
            SearchAttributes = { ["SdkKeyword"] = IndexedValueType.Int },
        }));
        Assert.Equal(RpcException.StatusCode.InvalidArgument, retyped.Code);
        Assert.Contains("SdkKeyword", retyped.Message, StringComparison.Ordinal);
        var reserved = await Refused(() => Client.Connection.OperatorService.AddSearchAttributesAsync(new AddSearchAttributesRequest
        {
            Namespace = "default",
            SearchAttributes = { ["WorkflowId"] = IndexedValueType.Keyword },
        }));
        Assert.Equal(RpcException.StatusCode.InvalidArgument, reserved.Code);
        var missing = await Refused(() => Client.Connection.OperatorService.RemoveSearchAttributesAsync(new RemoveSearchAttributesRequest
        {
            Namespace = "default",
            SearchAttributes = { NewId("Absent").Replace('-', '_') },
        }));
        Assert.Equal(RpcException.StatusCode.NotFound, missing.Code);
        var unserved = await Refused(() => Client.Connection.OperatorService.ListClustersAsync(new ListClustersRequest()));
        Assert.Equal(RpcException.StatusCode.Unimplemented, unserved.Code);

        var removable = NewId("Removable").Replace('-', '_');
        await Client.Connection.OperatorService.AddSearchAttributesAsync(new AddSearchAttributesRequest { Namespace = "default", SearchAttributes = { [removable] = IndexedValueType.Double } });
        await Client.Connection.OperatorService.RemoveSearchAttributesAsync(new RemoveSearchAttributesRequest { Namespace = "default", SearchAttributes = { removable } });
        var listed = await Client.Connection.OperatorService.ListSearchAttributesAsync(new ListSearchAttributesRequest { Namespace = "default" });
        Assert.DoesNotContain(removable, listed.CustomAttributes.Keys);
    }

    [Fact]
    public async Task ListAndCount_FilterOnEveryType_FindExactlyTheMatchingRuns()
    {
        await RegisterAsync();
        var tag = NewId("tag");
        var at = new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);
        async Task<string> Start(string name, long amount, double score, bool vip, int days, params string[] labels)
        {
            var handle = await Client.StartWorkflowAsync((WaitForeverWorkflow wf) => wf.RunAsync(), new WorkflowOptions(NewId(name), NewId("tq"))
            {
                TypedSearchAttributes = new SearchAttributeCollection.Builder()
                    .Set(Keyword, tag).Set(Text, $"order for {name}").Set(Int, amount).Set(Double, score).Set(Bool, vip)
                    .Set(Datetime, at.AddDays(days)).Set(KeywordList, labels).ToSearchAttributeCollection(),
            });
            return handle.Id;
        }
        var a = await Start("a", 10, 0.5, true, 1, "red", "blue");
        var b = await Start("b", 20, 1.5, false, 2, "blue");
        var c = await Start("c", 30, 2.5, false, 3);

        async Task<List<string>> Ids(string filter)
        {
            var ids = new List<string>();
            await foreach (var run in Client.ListWorkflowsAsync($"SdkKeyword = '{tag}' AND ({filter})"))
            {
                ids.Add(run.Id);
            }
            ids.Sort(StringComparer.Ordinal);
            return ids;
        }
        List<string> Expect(params string[] ids) => [.. ids.Order(StringComparer.Ordinal)];

        Assert.Equal(Expect(a, b, c), await Ids("SdkKeyword STARTS_WITH 'tag-'"));
        Assert.Equal(Expect(b, c), await Ids("SdkInt >= 20"));
        Assert.Equal(Expect(b), await Ids("SdkInt BETWEEN 15 AND 25"));
        Assert.Equal(Expect(a, c), await Ids("SdkInt IN (10, 30)"));
        Assert.Equal(Expect(a), await Ids("SdkDouble < 1"));
        Assert.Equal(Expect(a), await Ids("SdkBool = true"));
        Assert.Equal(Expect(b, c), await Ids("SdkDatetime > '2030-01-03T12:00:00Z'"));
        Assert.Equal(Expect(a, b), await Ids("SdkKeywordList = 'blue'"));
        Assert.Equal(Expect(b), await Ids("SdkKeywordList != 'red'"));
        Assert.Equal(Expect(c), await Ids("SdkText = 'for c'"));
        Assert.Equal(Expect(a, b, c), await Ids("SdkText IS NOT NULL AND CustomKeywordField IS NULL"));
        Assert.Equal(2, (await Client.CountWorkflowsAsync($"SdkKeyword = '{tag}' AND SdkKeywordList IN ('red', 'blue')")).Count);

        var listed = await Client.ListWorkflowsAsync($"SdkKeyword = '{tag}' AND SdkInt = 10").FirstAsync();
        Assert.Equal(at.AddDays(1), listed.TypedSearchAttributes.Get(Datetime));
        Assert.Equal(["red", "blue"], listed.TypedSearchAttributes.Get(KeywordList));
        foreach (var id in new[] { a, b, c })
        {
            await Client.GetWorkflowHandle(id).TerminateAsync("cleanup");
        }
    }

    [Fact]
    public async Task UpsertedByTheWorkflow_CustomKeywordField_QueryFindsTheNewValueOnly()
    {
        await RegisterAsync();
        var queue = NewId("tq");
        var id = NewId("wf");
        await RunWithWorkerAsync(queue, () => Client.ExecuteWorkflowAsync((UpsertsWorkflow wf) => wf.RunAsync(), new WorkflowOptions(id, queue)
        {
            TypedSearchAttributes = new SearchAttributeCollection.Builder().Set(UpsertsWorkflow.Keyword, "at start").ToSearchAttributeCollection(),
        }), o => o.AddWorkflow<UpsertsWorkflow>());
        Assert.Equal(1, (await Client.CountWorkflowsAsync($"WorkflowId = '{id}' AND CustomKeywordField = 'upserted'")).Count);
        Assert.Equal(0, (await Client.CountWorkflowsAsync($"WorkflowId = '{id}' AND CustomKeywordField = 'at start'")).Count);
    }

    [Fact]
    public async Task UpsertByTheWorkflow_WrongTypeForARegisteredAttribute_WorkflowTaskFailsWithBadSearchAttributes()
    {
        await RegisterAsync();
        var queue = NewId("tq");
        var id = NewId("wf");
        var failure = await RunWithWorkerAsync(queue, async () =>
        {
            var handle = await Client.StartWorkflowAsync((BadUpsertWorkflow wf) => wf.RunAsync(), new WorkflowOptions(id, queue));
            // A long poll on the history: each new event arrives as it is written (the worker's timeout bounds the wait).
            await foreach (var e in handle.FetchHistoryEventsAsync(new WorkflowHistoryEventFetchOptions { WaitNewEvent = true }))
            {
                if (e.WorkflowTaskFailedEventAttributes is { } failed)
                {
                    await handle.TerminateAsync("cleanup");
                    return failed;
                }
            }
            throw new InvalidOperationException("The run closed without a failed workflow task.");
        }, o => o.AddWorkflow<BadUpsertWorkflow>());
        Assert.Equal(WorkflowTaskFailedCause.BadSearchAttributes, failure.Cause);
        Assert.Contains("SdkInt", failure.Failure.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await Client.CountWorkflowsAsync($"WorkflowId = '{id}' AND SdkInt IS NOT NULL")).Count);
    }

    [Fact]
    public async Task StartWorkflow_WrongTypeForARegisteredAttribute_InvalidArgumentNamingIt()
    {
        await RegisterAsync();
        var request = RawStart(NewId("wf"));
        request.SearchAttributes = new Temporalio.Api.Common.V1.SearchAttributes { IndexedFields = { ["SdkInt"] = Json("\"not a number\"") } };
        var error = await Assert.ThrowsAsync<RpcException>(() => Client.WorkflowService.StartWorkflowExecutionAsync(request));
        Assert.Equal(RpcException.StatusCode.InvalidArgument, error.Code);
        Assert.Contains("SdkInt", error.Message, StringComparison.Ordinal);
        var missing = await Assert.ThrowsAsync<RpcException>(() => Client.GetWorkflowHandle(request.WorkflowId).DescribeAsync());
        Assert.Equal(RpcException.StatusCode.NotFound, missing.Code);
    }

    [Fact]
    public async Task Describe_UntypedPayloadOfARegisteredAttribute_ComesBackWithItsType()
    {
        await RegisterAsync();
        var request = RawStart(NewId("wf"));
        request.SearchAttributes = new Temporalio.Api.Common.V1.SearchAttributes { IndexedFields = { ["SdkKeyword"] = Json("\"untyped\""), ["Unregistered"] = Json("1") } };
        await Client.WorkflowService.StartWorkflowExecutionAsync(request);
        var described = await Client.GetWorkflowHandle(request.WorkflowId).DescribeAsync();
        Assert.Equal("untyped", described.TypedSearchAttributes.Get(Keyword));
        var raw = (await Client.WorkflowService.DescribeWorkflowExecutionAsync(new DescribeWorkflowExecutionRequest
        {
            Namespace = "default",
            Execution = new Temporalio.Api.Common.V1.WorkflowExecution { WorkflowId = request.WorkflowId },
        })).WorkflowExecutionInfo.SearchAttributes.IndexedFields;
        Assert.Equal("Keyword", raw["SdkKeyword"].Metadata["type"].ToStringUtf8());
        // Not registered: typed by its value, so the SDK can read the collection at all.
        Assert.Equal("Int", raw["Unregistered"].Metadata["type"].ToStringUtf8());
        await Client.GetWorkflowHandle(request.WorkflowId).TerminateAsync("cleanup");
    }

    [Fact]
    public async Task ListWorkflows_UnknownAttribute_InvalidArgumentSayingWhichFieldsThereAre()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () => await Client.ListWorkflowsAsync("NoSuchAttribute = 'x'").FirstOrDefaultAsync());
        Assert.Equal(RpcException.StatusCode.InvalidArgument, error.Code);
        Assert.Contains("unknown field 'NoSuchAttribute'", error.Message, StringComparison.Ordinal);
    }

    private static Temporalio.Api.Common.V1.Payload Json(string json) => new()
    {
        Metadata = { ["encoding"] = ByteString.CopyFromUtf8("json/plain") },
        Data = ByteString.CopyFromUtf8(json),
    };

    private static StartWorkflowExecutionRequest RawStart(string id) => new()
    {
        Namespace = "default",
        WorkflowId = id,
        WorkflowType = new Temporalio.Api.Common.V1.WorkflowType { Name = "WaitForeverWorkflow" },
        TaskQueue = new Temporalio.Api.TaskQueue.V1.TaskQueue { Name = NewId("tq") },
        RequestId = Guid.NewGuid().ToString(),
        Identity = "raw-test",
    };
}
