using MongoAotProbe;
using MongoDB.Driver;
using MongoDB.Driver.Linq;

// Each step prints "OK <step>" or "FAIL <step>: <exception>"; the exit code is the number of failed steps.
// The test (tests/IntegrationTests/Aot/MongoAotTests.cs) reads these lines, so the README can say what works under AOT.
var failures = 0;

async Task Step(string name, Func<Task<string>> action)
{
    try
    {
        var detail = await action();
        Console.WriteLine($"OK {name}: {detail}");
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

await Step("start-up", async () =>
{
    await Db.InitializeAsync().WaitAsync(TimeSpan.FromSeconds(60));
    return Db.MongoDb.Probe.State.ToString();
});

var users = Db.MongoDb.Probe.Users;
var filter = Builders<User>.Filter;
var created = new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc);

await Step("insert", async () =>
{
    await users.InsertManyAsync(
    [
        new User { Email = "ada@example.com", LastName = "Lovelace", Age = 36, Role = Role.Admin, CreatedAt = created, Tags = ["math"] },
        new User { Email = "alan@example.com", LastName = "Turing", Age = 41, Role = Role.Writer, CreatedAt = created },
        new User { Email = "grace@example.com", LastName = "Hopper", Age = 85, Role = Role.Reader, CreatedAt = created },
    ]);
    return "3 users";
});

await Step("find Filter.Eq(u => u.Email, ..)", async () =>
{
    var ada = await users.Find(filter.Eq(u => u.Email, "ada@example.com")).SingleAsync();
    return Check(ada.LastName == "Lovelace" && ada.Age == 36 && ada.Role == Role.Admin && ada.CreatedAt == created && ada.Tags.SequenceEqual(["math"]), ada.LastName);
});

await Step("find Filter.Gt(u => u.Age, ..) sorted by Sort.Descending(u => u.Age)", async () =>
{
    var old = await users.Find(filter.Gt(u => u.Age, 40)).Sort(Builders<User>.Sort.Descending(u => u.Age)).ToListAsync();
    return Check(old.Select(u => u.LastName).SequenceEqual(["Hopper", "Turing"]), string.Join(",", old.Select(u => u.LastName)));
});

await Step("find Filter.Eq(u => u.Role, Role.Admin) & Filter.Lt(u => u.CreatedAt, ..)", async () =>
{
    var admins = await users.Find(filter.Eq(u => u.Role, Role.Admin) & filter.Lt(u => u.CreatedAt, DateTime.UtcNow)).ToListAsync();
    return Check(admins.Count == 1 && admins[0].LastName == "Lovelace", admins.Count + " admins");
});

await Step("update Update.Set(u => u.LastName, ..).Inc(u => u.Age, 1)", async () =>
{
    var result = await users.UpdateOneAsync(filter.Eq(u => u.Email, "alan@example.com"), Builders<User>.Update.Set(u => u.LastName, "Turing!").Inc(u => u.Age, 1));
    return Check(result.ModifiedCount == 1, result.ModifiedCount + " modified");
});

await Step("LINQ predicate on a string: Find(u => u.Email == ..)", async () =>
{
    var grace = await users.Find(u => u.Email == "grace@example.com").SingleAsync();
    return Check(grace.LastName == "Hopper", grace.LastName);
});

await Step("LINQ predicate on an int: Find(u => u.Age > 40)", async () =>
{
    var count = (await users.Find(u => u.Age > 40).ToListAsync()).Count;
    return Check(count == 2, count + " users");
});

await Step("LINQ predicate on an enum: Find(u => u.Role == Role.Admin)", async () =>
{
    var admins = await users.Find(u => u.Role == Role.Admin).ToListAsync();
    return Check(admins.Count == 1 && admins[0].Email == "ada@example.com", admins.Count + " admins");
});

await Step("AsQueryable().Where(u => u.Age < 40)", async () =>
{
    var young = await users.AsQueryable().Where(u => u.Age < 40).ToListAsync();
    return Check(young.Count == 1, young.Count + " users");
});

await Step("delete Filter.Eq(u => u.Email, ..) and DeleteMany(u => u.Age > 0)", async () =>
{
    var one = await users.DeleteOneAsync(filter.Eq(u => u.Email, "ada@example.com"));
    var rest = await users.DeleteManyAsync(filter.Gt(u => u.Age, 0));
    return Check(one.DeletedCount == 1 && rest.DeletedCount == 2, $"{one.DeletedCount}+{rest.DeletedCount} deleted");
});

await Step("duplicate email → 11000", async () =>
{
    await users.InsertOneAsync(new User { Email = "dup@example.com" });
    try
    {
        await users.InsertOneAsync(new User { Email = "dup@example.com" });
        throw new InvalidOperationException("the unique index did not reject the duplicate");
    }
    catch (MongoWriteException ex) when (ex.WriteError.Code == 11000)
    {
        return "11000";
    }
});

await Step("repository Db.Repositories.Users: save, get, FindAsync(x => x.Email), count, delete", async () =>
{
    Backends.Runtime.IRepository<User, MongoDB.Bson.ObjectId> repository = Db.Repositories.Users;
    var user = new User { Id = MongoDB.Bson.ObjectId.GenerateNewId(), Email = "repo@example.com", LastName = "Repo", Age = 7, CreatedAt = created };
    await repository.SaveAsync(user);
    user.Age = 8;
    await repository.SaveAsync(user); // an upsert
    var read = await repository.GetAsync(user.Id);
    var found = new List<User>();
    await foreach (var item in repository.FindAsync(x => x.Email, "repo@example.com"))
    {
        found.Add(item);
    }

    var count = await repository.CountAsync();
    var deleted = await repository.DeleteAsync(user.Id);
    var gone = await repository.GetAsync(user.Id) is null;
    return Check(read?.Age == 8 && found.Count == 1 && count >= 1 && deleted && gone, $"age {read?.Age}, found {found.Count}, count {count}, deleted {deleted}");
});

await Db.DisposeAsync();
Console.WriteLine(failures == 0 ? "ALL OK" : $"{failures} FAILED");
return failures;

static string Check(bool ok, string detail) => ok ? detail : throw new InvalidOperationException("unexpected result: " + detail);
