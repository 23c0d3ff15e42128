using System.Text.Json.Serialization;
using Backends.DynamoDb;
using Backends.Runtime;
using DynamoAotProbe;

// Each step prints "OK <step>" or "FAIL <step>: <exception>"; the exit code is the number of failed steps.
// The test (tests/IntegrationTests/Aot/DynamoAotTests.cs) reads these lines.
var failures = 0;

async Task Step(string name, Func<Task<string>> action)
{
    try
    {
        Console.WriteLine($"OK {name}: {await action()}");
    }
    catch (Exception ex)
    {
        failures++;
        var inner = ex;
        while (inner.InnerException is not null)
        {
            inner = inner.InnerException;
        }

        Console.WriteLine($"FAIL {name}: {ex.GetType().Name}: {ex.Message.Split('\n')[0]} (innermost {inner.GetType().Name}: {inner.Message.Split('\n')[0]})");
    }
}

static string Check(bool ok, string detail) => ok ? detail : throw new InvalidOperationException("unexpected: " + detail);

// Db.DynamoDb.Probe, its typed tables and their item mappers are generated from the tables declared in backends.json.
DynamoDbBackend probe = Db.DynamoDb.Probe;
var items = Db.DynamoDb.Probe.Items;
IRepository<Profile, string> profiles = Db.DynamoDb.Probe.Profiles;
var at = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero);

await Step("start-up", async () =>
{
    await Db.InitializeAsync().WaitAsync(TimeSpan.FromSeconds(60));
    return probe.State + ", tables " + string.Join(",", probe.Tables.Select(t => probe.TableName(t.Name)));
});

await Step("put and get", async () =>
{
    await items.PutAsync(new Item { Owner = "ada", Id = "i1", Email = "ada@example.com", CreatedAt = at, Price = 1.5m, Kind = Kind.Large, Tags = ["x"] });
    var read = await items.GetAsync("ada", "i1");
    return Check(read is { Price: 1.5m, Kind: Kind.Large } && read.Tags.SequenceEqual(["x"]) && read.CreatedAt == at, read?.Id ?? "null");
});

await Step("put if not exists", async () =>
{
    var again = await items.PutIfNotExistsAsync(new Item { Owner = "ada", Id = "i1", CreatedAt = at });
    return Check(!again, "refused");
});

await Step("batch put 120 and query with a range condition in pages", async () =>
{
    await items.BatchPutAsync(Enumerable.Range(0, 120).Select(i => new Item { Owner = "bulk", Id = "b" + i.ToString("D3"), Email = "bulk@example.com", CreatedAt = at.AddMinutes(i) }));
    var count = 0;
    await foreach (var _ in items.QueryAsync("bulk", RangeCondition.BeginsWith(DynamoValue.From("b1")!), pageSize: 7))
    {
        count++;
    }

    return Check(count == 20, count + " items");
});

await Step("batch get", async () =>
{
    var found = await items.BatchGetAsync(Enumerable.Range(0, 120).Select(i => new DynamoKey(DynamoValue.From("bulk")!, DynamoValue.From("b" + i.ToString("D3")))));
    return Check(found.Count == 120, found.Count + " items");
});

await Step("GSI query", async () =>
{
    var ids = new List<string>();
    await foreach (var item in items.ByEmail.QueryAsync("ada@example.com"))
    {
        ids.Add(item.Id);
    }

    return Check(ids.SequenceEqual(["i1"]), string.Join(",", ids));
});

await Step("TTL past reads as missing", async () =>
{
    await items.PutAsync(new Item { Owner = "ada", Id = "old", CreatedAt = at, ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(-1) });
    return Check(await items.GetAsync("ada", "old") is null, "missing");
});

await Step("delete", async () =>
{
    var first = await items.DeleteAsync("ada", "i1");
    var second = await items.DeleteAsync("ada", "i1");
    return Check(first && !second, $"{first}/{second}");
});

await Step("repository save, get, find by expression, count", async () =>
{
    await profiles.SaveAsync(new Profile { Id = "p1", Email = "p@example.com" });
    await profiles.SaveAsync(new Profile { Id = "p2", Email = "p@example.com" });
    var found = 0;
    await foreach (var _ in profiles.FindAsync(x => x.Email, "p@example.com"))
    {
        found++;
    }

    var count = await profiles.CountAsync();
    return Check(found == 2 && count == 2 && (await profiles.GetAsync("p1"))?.Email == "p@example.com", $"found {found}, count {count}");
});

await Step("key/value store", async () =>
{
    await probe.SetAsync("k1", new ProbeValue(7, "seven"), ProbeJson.Default.ProbeValue, TimeSpan.FromMinutes(5));
    var value = await probe.GetAsync("k1", ProbeJson.Default.ProbeValue);
    return Check(value == new ProbeValue(7, "seven") && await probe.DeleteAsync("k1"), value?.Name ?? "null");
});

await Db.DisposeAsync();
Console.WriteLine(failures == 0 ? "ALL OK" : $"{failures} FAILED");
return failures;

internal sealed record ProbeValue(int Number, string Name);

[JsonSerializable(typeof(ProbeValue))]
internal sealed partial class ProbeJson : JsonSerializerContext;
