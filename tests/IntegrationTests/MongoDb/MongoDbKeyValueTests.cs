using Backends.MongoDb;
using Backends.Runtime;
using MongoDB.Bson;
using MongoDB.Driver;

namespace IntegrationTests.MongoDb;

/// <summary>MongoDbBackend as an <see cref="IKeyValueStore"/>: one collection, _id = key, value as BSON binary, expiry as a date.</summary>
public sealed class MongoDbKeyValueTests(MongoFixture fixture) : IClassFixture<MongoFixture>
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(90);
    private static readonly MongoKeyValueJson Json = MongoKeyValueJson.Default;

    private async Task<MongoDbBackend> StartAsync(string? database = null, string collection = "kv")
    {
        var settings = fixture.Settings(database);
        settings.KeyValueCollection = collection;
        var backend = new MongoDbBackend("kv", settings);
        await backend.ConfigureAsync().WaitAsync(Generous);
        return backend;
    }

#pragma warning disable CA1859 // the tests drive the store through the interface on purpose
    private static IKeyValueStore AsStore(MongoDbBackend backend) => backend;
#pragma warning restore CA1859

    private static Profile Ada() => new(
        "Ada", 36, ["admin", "author"], new Dictionary<string, double> { ["math"] = 9.5, ["poetry"] = 7.25 },
        new DateTimeOffset(1843, 9, 1, 10, 0, 0, TimeSpan.FromHours(1)),
        new Profile("Charles", 1, [], [], DateTimeOffset.UnixEpoch));

    [Fact]
    public async Task A_missing_key_gives_default()
    {
        await using var backend = await StartAsync();
        var store = AsStore(backend);
        Assert.Null(await store.GetAsync("missing", Json.Profile));
        Assert.Equal(0, await store.GetAsync("missing", Json.Int32));
        Assert.Null(await store.GetBytesAsync("missing"));
        Assert.False(await store.DeleteAsync("missing"));
    }

    [Fact]
    public async Task A_value_set_comes_back_deep_equal_and_is_stored_as_binary_under_its_key()
    {
        await using var backend = await StartAsync();
        var store = AsStore(backend);
        var ada = Ada();
        await store.SetAsync("user:ada", ada, Json.Profile);

        Assert.Equivalent(ada, await store.GetAsync("user:ada", Json.Profile), strict: true);
        var stored = await backend.Database.GetCollection<BsonDocument>("kv").Find(new BsonDocument("_id", "user:ada")).SingleAsync();
        Assert.Equal(BsonType.Binary, stored["value"].BsonType);
        Assert.False(stored.Contains("expiresAt"));

        byte[] raw = [0, 1, 2, 254, 255];
        await store.SetBytesAsync("raw", raw);
        Assert.Equal(raw, (await store.GetBytesAsync("raw"))!);
        await store.SetBytesAsync("empty", ReadOnlyMemory<byte>.Empty);
        Assert.Equal(Array.Empty<byte>(), await store.GetBytesAsync("empty"));
        await store.SetAsync("ünï/cøde-key", "vålue", Json.String);
        Assert.Equal("vålue", await store.GetAsync("ünï/cøde-key", Json.String));
        Assert.Null(await store.GetAsync("ÜNÏ/CØDE-KEY", Json.String));
    }

    [Fact]
    public async Task Setting_again_overwrites_value_and_expiry()
    {
        await using var backend = await StartAsync();
        var store = AsStore(backend);
        await store.SetAsync("counter", 1, Json.Int32, TimeSpan.FromHours(1));
        await store.SetAsync("counter", 2, Json.Int32);
        Assert.Equal(2, await store.GetAsync("counter", Json.Int32));

        var stored = await backend.Database.GetCollection<BsonDocument>("kv").Find(new BsonDocument("_id", "counter")).SingleAsync();
        Assert.False(stored.Contains("expiresAt")); // the second set had no TTL, so the first one's expiry is gone
        Assert.Equal(1, await backend.Database.GetCollection<BsonDocument>("kv").CountDocumentsAsync(new BsonDocument("_id", "counter")));
    }

    [Fact]
    public async Task Delete_says_whether_the_key_existed()
    {
        await using var backend = await StartAsync();
        var store = AsStore(backend);
        await store.SetAsync("doomed", Ada(), Json.Profile);
        Assert.True(await store.DeleteAsync("doomed"));
        Assert.False(await store.DeleteAsync("doomed"));
        Assert.Null(await store.GetAsync("doomed", Json.Profile));
    }

    [Fact]
    public async Task An_expired_value_is_not_returned_even_before_the_TTL_monitor_removes_it()
    {
        await using var backend = await StartAsync();
        var store = AsStore(backend);
        await store.SetAsync("short", "soon gone", Json.String, TimeSpan.FromMilliseconds(300));
        await store.SetAsync("long", "stays", Json.String, TimeSpan.FromHours(1));
        Assert.Equal("stays", await store.GetAsync("long", Json.String));

        var kv = backend.Database.GetCollection<BsonDocument>("kv");
        var indexes = await (await kv.Indexes.ListAsync()).ToListAsync();
        var ttl = Assert.Single(indexes, i => i["name"] == "expiresAt_1");
        Assert.Equal(0, ttl["expireAfterSeconds"].ToInt32());

        // Poll until the short entry reads as missing; never assert how long that took.
        using var deadline = new CancellationTokenSource(Generous);
        while (await store.GetAsync("short", Json.String) is not null)
        {
            await Task.Delay(50, deadline.Token);
        }

        Assert.Null(await store.GetBytesAsync("short"));
        Assert.False(await store.DeleteAsync("short"));
        Assert.Equal("stays", await store.GetAsync("long", Json.String));

        var leftover = await kv.Find(new BsonDocument("_id", "short")).FirstOrDefaultAsync();
        if (fixture.IsTestServer)
        {
            // The test server's TTL monitor runs every 60 s, like mongod's: the entry is still stored, yet not returned.
            Assert.NotNull(leftover);
            fixture.TestServer.RunTtlMonitor();
            Assert.Null(await kv.Find(new BsonDocument("_id", "short")).FirstOrDefaultAsync());
        }

        Assert.True(leftover is null || leftover["expiresAt"].ToUniversalTime() <= DateTime.UtcNow);

        // Setting an expired key again brings it back.
        await store.SetAsync("short", "back", Json.String);
        Assert.Equal("back", await store.GetAsync("short", Json.String));
    }

    [Fact]
    public async Task A_cancelled_token_cancels_every_operation()
    {
        await using var backend = await StartAsync();
        var store = AsStore(backend);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await store.GetAsync("k", Json.Profile, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await store.SetAsync("k", Ada(), Json.Profile, null, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await store.GetBytesAsync("k", cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await store.SetBytesAsync("k", new byte[] { 1 }, null, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await store.DeleteAsync("k", cancelled.Token));
        Assert.Null(await store.GetAsync("k", Json.Profile));
    }

    [Fact]
    public async Task Cancelling_a_request_the_server_does_not_answer_ends_it()
    {
        await using var forwarder = TcpForwarder.Start(fixture.Target);
        var settings = fixture.SettingsThrough(forwarder);
        settings.ServerSelectionTimeout = TimeSpan.FromMinutes(5); // only the token can end the wait below
        await using var backend = new MongoDbBackend("stalled", settings);
        await backend.ConfigureAsync().WaitAsync(Generous);
        await backend.SetAsync("k", "v", Json.String);

        forwarder.Stall();
        using var cancel = new CancellationTokenSource();
        var get = backend.GetAsync("k", Json.String, cancel.Token).AsTask();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => get.WaitAsync(Generous));
    }

    [Fact]
    public async Task Stores_with_different_collections_are_separate_and_bad_arguments_are_rejected()
    {
        await using var backend = await StartAsync();
        var store = AsStore(backend);
        await using var other = await StartAsync(backend.Settings.Database, "cache");

        await store.SetAsync("shared-key", "in kv", Json.String);
        await other.SetAsync("shared-key", "in cache", Json.String);
        Assert.Equal("in kv", await store.GetAsync("shared-key", Json.String));
        Assert.Equal("in cache", await other.GetAsync("shared-key", Json.String));

        await Assert.ThrowsAsync<ArgumentException>(async () => await store.GetBytesAsync(""));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await store.SetAsync("k", "v", Json.String, TimeSpan.Zero));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await store.SetAsync("k", "v", Json.String, TimeSpan.FromSeconds(-1)));
    }
}
