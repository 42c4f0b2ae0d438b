using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Visibility;
using Fencepost.Engine.Search;
using Google.Protobuf;
using Temporalio.Api.Common.V1;

namespace Fencepost.Engine.Tests.Search;

public class SearchAttributeValuesTests
{
    private static Payload Json(string json, string? type = null)
    {
        var payload = new Payload { Metadata = { ["encoding"] = ByteString.CopyFromUtf8("json/plain") }, Data = ByteString.CopyFromUtf8(json) };
        if (type is not null)
        {
            payload.Metadata["type"] = ByteString.CopyFromUtf8(type);
        }
        return payload;
    }

    [Fact]
    public void Index_SdkPayloads_TypedValuesAFilterReads()
    {
        var attributes = new SearchAttributes
        {
            IndexedFields =
            {
                ["Amount"] = Json("10", "Int"),
                ["Score"] = Json("0.5", "Double"),
                ["Vip"] = Json("true", "Bool"),
                ["Due"] = Json("\"2030-01-03T03:04:05+00:00\"", "Datetime"),
                ["Tags"] = Json("[\"red\",\"blue\"]", "KeywordList"),
                ["Name"] = Json("\"acme\""),
            },
        };
        var values = SearchAttributeValues.Index(attributes.ToByteArray())!;

        Assert.Contains(new SearchAttributeValue("Amount", 0, null, null, 10, 10, null), values);
        Assert.Contains(new SearchAttributeValue("Vip", 0, null, null, 1, null, null), values);
        Assert.Contains(new SearchAttributeValue("Tags", 1, "blue", null, null, null, null), values);
        Assert.Equal(new DateTimeOffset(2030, 1, 3, 3, 4, 5, TimeSpan.Zero), values.Single(v => v.Name == "Due").Time);
        var query = VisibilityQueryParser.Parse("Name = 'acme' AND (Amount >= 20)", new Dictionary<string, SearchAttributeType> { ["Name"] = SearchAttributeType.Keyword, ["Amount"] = SearchAttributeType.Int });
        var record = new VisibilityRecord(Guid.NewGuid(), "wf", Guid.NewGuid(), "T", "q", 1, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, null, 1, null, null, Attributes: values);
        Assert.False(VisibilityFilterEvaluator.Matches(query.Filter, record));
        Assert.True(VisibilityFilterEvaluator.Matches(VisibilityQueryParser.Parse("Amount < 20", new Dictionary<string, SearchAttributeType> { ["Amount"] = SearchAttributeType.Int }).Filter, record));
    }
}
