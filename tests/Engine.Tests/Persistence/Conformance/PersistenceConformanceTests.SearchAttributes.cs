using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Visibility;
using static Fencepost.Engine.Tests.Persistence.Conformance.ConformanceData;
using F = Fencepost.Engine.Persistence.Visibility.VisibilityFilter;
using Op = Fencepost.Engine.Persistence.Visibility.AttributeOperator;
using T = Fencepost.Engine.Persistence.Visibility.SearchAttributeType;

namespace Fencepost.Engine.Tests.Persistence.Conformance;

public abstract partial class PersistenceConformanceTests
{
    private static SearchAttributeValue Kw(string name, string value, int ordinal = 0) => new(name, ordinal, value, null, null, null, null);

    private static SearchAttributeValue Num(string name, long value) => new(name, 0, null, null, value, value, null);

    private static SearchAttributeValue Dbl(string name, double value) => new(name, 0, null, null, null, value, null);

    private static SearchAttributeValue When(string name, DateTimeOffset value) => new(name, 0, value.ToString("O"), null, null, null, value);

    private static SearchAttributeValue Long(string name, string value) => new(name, 0, null, value, null, null, null);

    private async Task<(Guid Namespace, DateTimeOffset T0)> SeedSearchAttributesAsync()
    {
        var ns = Guid.NewGuid();
        var t0 = Now().AddHours(-1);
        VisibilityRecord Run(string id, int minute, params SearchAttributeValue[] values) =>
            Visibility(ns, id, Guid.NewGuid(), "Order", Running, t0.AddMinutes(minute)) with { Attributes = values };
        var rows = new[]
        {
            Run("a", 1, Kw("Customer", "acme"), Num("Amount", 10), Dbl("Score", 0.5), Num("Vip", 1), When("Due", t0.AddDays(1)),
                Kw("Tags", "red", 0), Kw("Tags", "blue", 1), Long("Notes", "the quick brown fox " + new string('x', 300))),
            Run("b", 2, Kw("Customer", "acme-east"), Num("Amount", 20), Dbl("Score", 1.5), Num("Vip", 0), When("Due", t0.AddDays(2)), Kw("Tags", "blue", 0)),
            Run("c", 3, Kw("Customer", "globex"), Num("Amount", 30), Kw("Notes", "short note")),
            Run("d", 4),
        };
        foreach (var row in rows)
        {
            await Store.Visibility.UpsertAsync(row);
        }
        // Another namespace with the same attribute values never shows up.
        await Store.Visibility.UpsertAsync(Visibility(Guid.NewGuid(), "other", Guid.NewGuid(), "Order", Running, t0) with { Attributes = [Kw("Customer", "acme")] });
        return (ns, t0);
    }

    [Fact]
    public async Task ListVisibility_SearchAttributeFilters_EveryTypeAndOperatorAgreeOnEveryStore()
    {
        var (ns, t0) = await SeedSearchAttributesAsync();

        async Task<string> Ids(F filter) =>
            string.Join(",", (await Store.Visibility.ListAsync(ns, new VisibilityQuery(filter, new VisibilityOrder(VisibilityField.StartTime, false)), 100, null)).Items.Select(r => r.WorkflowId));
        F A(string name, T type, Op op, params object[] values) => new F.SearchAttribute(name, type, op, values);

        Assert.Equal("a", await Ids(A("Customer", T.Keyword, Op.Equal, "acme")));
        Assert.Equal("b,c", await Ids(A("Customer", T.Keyword, Op.NotEqual, "acme")));
        Assert.Equal("a,b", await Ids(A("Customer", T.Keyword, Op.StartsWith, "acme")));
        Assert.Equal("b,c", await Ids(A("Customer", T.Keyword, Op.GreaterThan, "acme")));
        Assert.Equal("a,c", await Ids(A("Customer", T.Keyword, Op.In, "acme", "globex")));
        Assert.Equal("d", await Ids(A("Customer", T.Keyword, Op.IsNull)));
        Assert.Equal("a,b,c", await Ids(A("Customer", T.Keyword, Op.IsNotNull)));
        Assert.Equal("d", await Ids(new F.Not(A("Customer", T.Keyword, Op.IsNotNull))));
        Assert.Equal("b,c,d", await Ids(new F.Not(A("Customer", T.Keyword, Op.Equal, "acme"))));

        Assert.Equal("b,c", await Ids(A("Amount", T.Int, Op.GreaterThanOrEqual, 20L)));
        Assert.Equal("a", await Ids(A("Amount", T.Int, Op.LessThan, 20L)));
        Assert.Equal("b", await Ids(new F.And(A("Amount", T.Int, Op.GreaterThanOrEqual, 15L), A("Amount", T.Int, Op.LessThanOrEqual, 25L))));
        Assert.Equal("a,c", await Ids(A("Amount", T.Int, Op.In, 10L, 30L)));
        Assert.Equal("b", await Ids(A("Score", T.Double, Op.GreaterThan, 1.0)));
        Assert.Equal("a", await Ids(A("Score", T.Double, Op.Equal, 0.5)));
        Assert.Equal("a", await Ids(A("Vip", T.Bool, Op.Equal, true)));
        Assert.Equal("b", await Ids(A("Vip", T.Bool, Op.NotEqual, true)));
        Assert.Equal("b", await Ids(A("Due", T.Datetime, Op.GreaterThan, t0.AddDays(1).AddHours(1))));
        Assert.Equal("a,b", await Ids(A("Due", T.Datetime, Op.LessThanOrEqual, t0.AddDays(2))));

        // KeywordList: = holds, != has it without that value.
        Assert.Equal("a,b", await Ids(A("Tags", T.KeywordList, Op.Equal, "blue")));
        Assert.Equal("a", await Ids(A("Tags", T.KeywordList, Op.Equal, "red")));
        Assert.Equal("b", await Ids(A("Tags", T.KeywordList, Op.NotEqual, "red")));
        Assert.Equal("a", await Ids(A("Tags", T.KeywordList, Op.In, "red", "green")));
        Assert.Equal("c,d", await Ids(new F.Not(A("Tags", T.KeywordList, Op.In, "red", "blue"))));

        // Text: = contains, long strings too.
        Assert.Equal("a", await Ids(A("Notes", T.Text, Op.Equal, "brown fox")));
        Assert.Equal("c", await Ids(A("Notes", T.Text, Op.Equal, "note")));
        Assert.Equal("c", await Ids(A("Notes", T.Text, Op.NotEqual, "fox")));

        // Mixed with the built-in fields, and counted the same way.
        Assert.Equal("b", await Ids(new F.And(A("Customer", T.Keyword, Op.StartsWith, "acme"), new F.Compare(VisibilityField.WorkflowId, ComparisonOperator.NotEqual, "a"))));
        Assert.Equal(2, await Store.Visibility.CountAsync(ns, A("Tags", T.KeywordList, Op.Equal, "blue")));
    }

    [Fact]
    public async Task ListVisibility_BoundsOnOneAttributeInOneAnd_TestOneValueTogether()
    {
        var ns = Guid.NewGuid();
        var t0 = Now().AddHours(-1);
        // Values a run held before the attribute was registered as an Int can be several.
        await Store.Visibility.UpsertAsync(Visibility(ns, "spread", Guid.NewGuid(), "Order", Running, t0) with
        {
            Attributes = [new SearchAttributeValue("Amount", 0, null, null, 5, 5, null), new SearchAttributeValue("Amount", 1, null, null, 50, 50, null)],
        });
        await Store.Visibility.UpsertAsync(Visibility(ns, "inside", Guid.NewGuid(), "Order", Running, t0.AddMinutes(1)) with { Attributes = [Num("Amount", 15)] });
        F A(Op op, long value) => new F.SearchAttribute("Amount", T.Int, op, [value]);
        async Task<string> Ids(F filter) =>
            string.Join(",", (await Store.Visibility.ListAsync(ns, new VisibilityQuery(filter, new VisibilityOrder(VisibilityField.StartTime, false)), 100, null)).Items.Select(r => r.WorkflowId));

        // BETWEEN 10 AND 20: no one value of "spread" lies within.
        F between = new F.And(A(Op.GreaterThanOrEqual, 10), A(Op.LessThanOrEqual, 20));
        Assert.Equal("inside", await Ids(between));
        Assert.Equal(1, await Store.Visibility.CountAsync(ns, between));
        Assert.Equal("inside", await Ids(new F.And(new F.Compare(VisibilityField.WorkflowType, ComparisonOperator.Equal, "Order"), A(Op.GreaterThan, 10), A(Op.LessThan, 20))));
        // Bounds in different ANDs are separate tests, each held by some value.
        Assert.Equal("spread,inside", await Ids(new F.And(A(Op.GreaterThanOrEqual, 10), new F.Or(A(Op.LessThanOrEqual, 20)))));
    }

    [Fact]
    public async Task UpsertVisibility_NewSearchAttributeValues_ReplaceTheOldOnes()
    {
        var ns = Guid.NewGuid();
        var row = Visibility(ns, "wf", Guid.NewGuid(), "Order", Running, Now()) with { Attributes = [Kw("Stage", "draft"), Kw("Tags", "x", 0), Kw("Tags", "y", 1)] };
        await Store.Visibility.UpsertAsync(row);
        await Store.Visibility.UpsertAsync(row with { Status = Completed, CloseTime = Now(), Attributes = [Kw("Stage", "shipped")] });

        Assert.Equal(0, await Store.Visibility.CountAsync(ns, new F.SearchAttribute("Stage", SearchAttributeType.Keyword, AttributeOperator.Equal, ["draft"])));
        Assert.Equal(1, await Store.Visibility.CountAsync(ns, new F.SearchAttribute("Stage", SearchAttributeType.Keyword, AttributeOperator.Equal, ["shipped"])));
        Assert.Equal(0, await Store.Visibility.CountAsync(ns, new F.SearchAttribute("Tags", SearchAttributeType.KeywordList, AttributeOperator.IsNotNull, [])));
    }
}
