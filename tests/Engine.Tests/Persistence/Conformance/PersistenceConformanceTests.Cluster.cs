using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Model;
using static Fencepost.Engine.Tests.Persistence.Conformance.ConformanceData;

namespace Fencepost.Engine.Tests.Persistence.Conformance;

public abstract partial class PersistenceConformanceTests
{
    [Fact]
    public async Task Membership_UpsertListAndPrune()
    {
        var now = Now();
        var live = new MembershipRecord("host-" + Guid.NewGuid(), "127.0.0.1:7234", "history", now, now, now.AddSeconds(20));
        var expired = new MembershipRecord("host-" + Guid.NewGuid(), "127.0.0.1:7235", "history", now.AddMinutes(-10), now.AddMinutes(-10), now.AddMinutes(-9));
        await Store.Cluster.UpsertMembershipAsync(live);
        await Store.Cluster.UpsertMembershipAsync(expired);
        var renewed = live with { LastHeartbeat = now.AddSeconds(5), RecordExpiry = now.AddSeconds(25) };

        await Store.Cluster.UpsertMembershipAsync(renewed);

        var members = await Store.Cluster.ListMembersAsync(now);
        Assert.Contains(renewed, members);
        Assert.DoesNotContain(members, m => m.HostId == expired.HostId);
        Assert.Contains(await Store.Cluster.ListMembersAsync(null), m => m.HostId == expired.HostId);
        Assert.True(await Store.Cluster.PruneMembersAsync(now.AddMinutes(-5)) >= 1);
        Assert.DoesNotContain(await Store.Cluster.ListMembersAsync(null), m => m.HostId == expired.HostId);
    }

    [Fact]
    public async Task ClusterMetadata_ConcurrentInitializers_AllGetTheFirstWritersValues()
    {
        var proposals = Enumerable.Range(1, 4).Select(i => new ClusterMetadata("cluster-" + i, i * 4, Now(), [])).ToList();

        var results = await Task.WhenAll(proposals.Select(p => Task.Run(() => Store.Cluster.InitializeClusterMetadataAsync(p))));
        var again = await Store.Cluster.InitializeClusterMetadataAsync(new ClusterMetadata("late", 999, Now(), []));

        Assert.Single(results.Select(r => (r.ClusterName, r.HistoryShardCount)).Distinct());
        Assert.Equal((results[0].ClusterName, results[0].HistoryShardCount), (again.ClusterName, again.HistoryShardCount));
        Assert.Equal(results[0].HistoryShardCount, (await Store.Cluster.GetClusterMetadataAsync())!.HistoryShardCount);
    }

    [Fact]
    public async Task SigningKeys_RacingAddersOfOneId_AllGetTheFirstSecretAndTheListIsByIdPerPurpose()
    {
        var purpose = "test-" + Guid.NewGuid().ToString("N");
        var proposals = Enumerable.Range(1, 4).Select(i => new SigningKeyRecord(purpose, 1, [(byte)i, 2, 3], Now())).ToList();

        var results = await Task.WhenAll(proposals.Select(p => Task.Run(() => Store.Cluster.AddSigningKeyAsync(p))));
        await Store.Cluster.AddSigningKeyAsync(new SigningKeyRecord(purpose, 2, [9], Now()));
        await Store.Cluster.AddSigningKeyAsync(new SigningKeyRecord("other-" + purpose, 1, [7], Now()));
        var listed = await Store.Cluster.ListSigningKeysAsync(purpose);

        Assert.Single(results.Select(r => r.Secret[0]).Distinct());
        Assert.Equal([1, 2], listed.Select(k => k.KeyId));
        Assert.Equal(results[0].Secret, listed[0].Secret);
        Assert.Equal(new byte[] { 9 }, listed[1].Secret);
    }

    [Fact]
    public async Task Namespaces_CreateGetUpdateAndRejectDuplicates()
    {
        var record = new NamespaceRecord(Guid.NewGuid(), "ns-" + Guid.NewGuid().ToString("N"), 1, [1]);
        await Store.Namespaces.CreateNamespaceAsync(record);

        await Assert.ThrowsAsync<EntityAlreadyExistsException>(() => Store.Namespaces.CreateNamespaceAsync(record with { Id = Guid.NewGuid() }));
        await Store.Namespaces.UpdateNamespaceAsync(record with { NotificationVersion = 2, Data = [2] }, expectedNotificationVersion: 1);
        await Assert.ThrowsAsync<ConditionFailedException>(() => Store.Namespaces.UpdateNamespaceAsync(record with { NotificationVersion = 3 }, expectedNotificationVersion: 1));

        var byName = await Store.Namespaces.GetNamespaceByNameAsync(record.Name);
        var byId = await Store.Namespaces.GetNamespaceByIdAsync(record.Id);
        // Separately: a tuple compares its byte[] by reference, so it could never be equal.
        Assert.Equal(2L, byName!.NotificationVersion);
        Assert.Equal(new byte[] { 2 }, byName.Data);
        Assert.Equal(record.Name, byId!.Name);
        Assert.Null(await Store.Namespaces.GetNamespaceByNameAsync("missing-" + Guid.NewGuid()));
    }

    [Fact]
    public async Task Namespaces_ListPagesThroughAll()
    {
        var prefix = "page-" + Guid.NewGuid().ToString("N") + "-";
        foreach (var i in Enumerable.Range(0, 5))
        {
            await Store.Namespaces.CreateNamespaceAsync(new NamespaceRecord(Guid.NewGuid(), prefix + i, 1, []));
        }

        var names = new List<string>();
        byte[]? token = null;
        do
        {
            var page = await Store.Namespaces.ListNamespacesAsync(2, token);
            Assert.True(page.Items.Count <= 2);
            names.AddRange(page.Items.Select(n => n.Name));
            token = page.NextPageToken;
        }
        while (token is not null);

        Assert.Equal(Enumerable.Range(0, 5).Select(i => prefix + i), names.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)));
        Assert.Equal(names.Count, names.Distinct().Count());
    }

    [Fact]
    public async Task DynamicConfig_CompareAndSetWithAudit()
    {
        var key = "test.key." + Guid.NewGuid().ToString("N");
        DynamicConfigEntry Entry(string value) => new(key, "global", "", value, 0, "alice", Now(), "because");

        var created = await Store.DynamicConfig.SetEntryAsync(Entry("1"), expectedVersion: 0);
        var updated = await Store.DynamicConfig.SetEntryAsync(Entry("2") with { UpdatedBy = "bob", Reason = "raise it" }, expectedVersion: 1);
        await Assert.ThrowsAsync<ConditionFailedException>(() => Store.DynamicConfig.SetEntryAsync(Entry("3"), expectedVersion: 1));
        await Assert.ThrowsAsync<ConditionFailedException>(() => Store.DynamicConfig.SetEntryAsync(Entry("3"), expectedVersion: 0));

        Assert.Equal((1L, 2L), (created.Version, updated.Version));
        var stored = Assert.Single(await Store.DynamicConfig.ListEntriesAsync(), e => e.Key == key);
        Assert.Equal(("2", 2L, "bob"), (stored.ValueJson, stored.Version, stored.UpdatedBy));

        await Store.DynamicConfig.DeleteEntryAsync(key, "global", "", expectedVersion: 2, "carol", "back to default");
        Assert.DoesNotContain(await Store.DynamicConfig.ListEntriesAsync(), e => e.Key == key);

        var audit = (await Store.DynamicConfig.ListAuditAsync(1_000)).Where(a => a.Key == key).ToList();
        Assert.Equal(3, audit.Count);
        Assert.Equal(("carol", "2", (string?)null), (audit[0].ChangedBy, audit[0].OldValueJson, audit[0].NewValueJson));
        Assert.Equal(("bob", "1", "2", "raise it"), (audit[1].ChangedBy, audit[1].OldValueJson, audit[1].NewValueJson, audit[1].Reason));
        Assert.Equal(((string?)null, "1"), (audit[2].OldValueJson, audit[2].NewValueJson));
    }
}
