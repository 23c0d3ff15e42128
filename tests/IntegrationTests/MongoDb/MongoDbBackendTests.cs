using Backends.MongoDb;
using Backends.Runtime;
using MongoDB.Bson;
using MongoDB.Driver;

namespace IntegrationTests.MongoDb;

/// <summary>The handle's life cycle and typed CRUD through the real driver (against the test server or BACKENDS_TEST_MONGODB).</summary>
public sealed class MongoDbBackendTests(MongoFixture fixture) : IClassFixture<MongoFixture>
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Handle_connects_pings_and_is_Ready()
    {
        var settings = fixture.Settings();
        await using var backend = new MongoDbBackend("ready", settings);
        Assert.Equal(ConnectionState.Created, backend.State);
        Assert.Equal("mongodb.ready", backend.Name);
        Assert.Equal("mongodb", backend.Backend);

        await backend.ConfigureAsync().WaitAsync(Generous);

        Assert.Equal(ConnectionState.Ready, backend.State);
        Assert.True(backend.Ready.IsCompletedSuccessfully);
        Assert.Empty(backend.Errors);
        Assert.IsAssignableFrom<IMongoClient>(backend.Instance);
        Assert.Equal(settings.Database, backend.Database.DatabaseNamespace.DatabaseName);
        await backend.PingAsync();
        var ping = await backend.Database.RunCommandAsync<BsonDocument>(new BsonDocument("ping", 1));
        Assert.Equal(1.0, ping["ok"].ToDouble());

        await backend.CloseAsync();
        Assert.Equal(ConnectionState.Closed, backend.State);
        Assert.Throws<InvalidOperationException>(() => backend.Instance);
        Assert.Throws<InvalidOperationException>(() => backend.Database);
    }

    [Fact]
    public async Task Typed_documents_insert_find_update_and_delete()
    {
        Person.EnsureMapped();
        await using var backend = new MongoDbBackend("crud", fixture.Settings());
        await backend.ConfigureAsync().WaitAsync(Generous);
        var people = backend.Collection<Person>("people");
        Assert.Same(people, backend.Collection<Person>("people"));
        var created = new DateTime(2024, 5, 1, 12, 30, 0, DateTimeKind.Utc);

        var ada = new Person { Name = "Ada", Email = "ada@example.org", Age = 36, Address = new Address { City = "London", Zip = "NW1" }, Tags = ["math", "engines"], CreatedAt = created };
        await people.InsertOneAsync(ada);
        Assert.NotEqual(ObjectId.Empty, ada.Id);
        await people.InsertManyAsync(
        [
            new Person { Name = "Grace", Email = "grace@example.org", Age = 85, Address = new Address { City = "Arlington", Zip = "22201" }, Tags = ["navy", "cobol"], CreatedAt = created },
            new Person { Name = "Alan", Email = "alan@example.org", Age = 41, Address = new Address { City = "London", Zip = "W9" }, Tags = ["math"], CreatedAt = created },
            new Person { Name = "Edsger", Email = "edsger@example.org", Age = 72, CreatedAt = created },
        ]);

        // Equality, comparison, $in, $and, dotted paths, arrays, sort, skip, limit, projection.
        var found = await people.Find(p => p.Id == ada.Id).SingleAsync();
        Assert.Equal(("Ada", "ada@example.org", 36, "London", created), (found.Name, found.Email, found.Age, found.Address!.City, found.CreatedAt));
        Assert.Equal(["math", "engines"], found.Tags);

        var filter = Builders<Person>.Filter;
        Assert.Equal(["Ada", "Alan"], await Names(people.Find(filter.Eq("address.city", "London")).SortBy(p => p.Name)));
        Assert.Equal(["Ada", "Alan"], await Names(people.Find(filter.AnyEq(p => p.Tags, "math")).SortBy(p => p.Name)));
        Assert.Equal(["Alan", "Edsger", "Grace"], await Names(people.Find(p => p.Age > 40).SortBy(p => p.Age)));
        Assert.Equal(["Grace", "Edsger"], await Names(people.Find(filter.Gte(p => p.Age, 72) & filter.Lte(p => p.Age, 85)).SortByDescending(p => p.Age)));
        Assert.Equal(["Alan"], await Names(people.Find(filter.And(filter.Lt(p => p.Age, 72), filter.Ne(p => p.Name, "Ada")))));
        Assert.Equal(["Edsger", "Grace"], await Names(people.Find(filter.In(p => p.Name, ["Grace", "Edsger", "Nobody"])).SortBy(p => p.Name)));
        Assert.Equal(["Alan", "Edsger"], await Names(people.Find(FilterDefinition<Person>.Empty).SortBy(p => p.Age).Skip(1).Limit(2)));
        Assert.Equal(["Edsger"], await Names(people.Find(filter.Eq(p => p.Address, null))));
        Assert.Equal(["Edsger"], await Names(people.Find(filter.Exists("tags.0", false))));

        var projected = await people.Find(p => p.Name == "Grace").Project(Builders<Person>.Projection.Include(p => p.Email).Exclude(p => p.Id)).SingleAsync();
        Assert.Equal(new BsonDocument("email", "grace@example.org"), projected);

        Assert.Equal(4, await people.CountDocumentsAsync(FilterDefinition<Person>.Empty));
        Assert.Equal(2, await people.CountDocumentsAsync(p => p.Age > 50));

        // $set, $inc, $unset; replacement; upsert.
        var update = await people.UpdateOneAsync(p => p.Name == "Alan", Builders<Person>.Update.Set(p => p.Email, "turing@example.org").Inc(p => p.Age, 1).Unset(p => p.Address));
        Assert.Equal((1L, 1L), (update.MatchedCount, update.ModifiedCount));
        var alan = await people.Find(p => p.Name == "Alan").SingleAsync();
        Assert.Equal(("turing@example.org", 42), (alan.Email, alan.Age));
        Assert.Null(alan.Address);

        var many = await people.UpdateManyAsync(p => p.Age >= 42, Builders<Person>.Update.AddToSet(p => p.Tags, "senior").Inc(p => p.Age, 0));
        Assert.Equal(3, many.MatchedCount);

        alan.Name = "Alan Turing";
        alan.Tags = ["computing"];
        var replaced = await people.ReplaceOneAsync(p => p.Id == alan.Id, alan);
        Assert.Equal(1, replaced.ModifiedCount);
        Assert.Equal(["computing"], (await people.Find(p => p.Id == alan.Id).SingleAsync()).Tags);

        var upsert = await people.UpdateOneAsync(p => p.Email == "barbara@example.org",
            Builders<Person>.Update.Set(p => p.Name, "Barbara").SetOnInsert(p => p.Age, 50), new UpdateOptions { IsUpsert = true });
        Assert.Equal(0, upsert.MatchedCount);
        Assert.NotNull(upsert.UpsertedId);
        var barbara = await people.Find(p => p.Email == "barbara@example.org").SingleAsync();
        Assert.Equal(("Barbara", 50, upsert.UpsertedId.AsObjectId), (barbara.Name, barbara.Age, barbara.Id));

        var noMatch = await people.UpdateOneAsync(p => p.Name == "Nobody", Builders<Person>.Update.Set(p => p.Age, 1));
        Assert.Equal((0L, 0L, (BsonValue?)null), (noMatch.MatchedCount, noMatch.ModifiedCount, noMatch.UpsertedId));

        // findAndModify returns the document before or after the change.
        var before = await people.FindOneAndUpdateAsync(p => p.Name == "Grace", Builders<Person>.Update.Inc(p => p.Age, 1));
        Assert.Equal(85, before.Age);
        var after = await people.FindOneAndUpdateAsync(p => p.Name == "Grace", Builders<Person>.Update.Inc(p => p.Age, 1),
            new FindOneAndUpdateOptions<Person> { ReturnDocument = ReturnDocument.After });
        Assert.Equal(87, after.Age);

        // Deletes.
        Assert.Equal(1, (await people.DeleteOneAsync(p => p.Name == "Edsger")).DeletedCount);
        Assert.Equal(0, (await people.DeleteOneAsync(p => p.Name == "Edsger")).DeletedCount);
        Assert.Equal(2, (await people.DeleteManyAsync(p => p.Age > 80 || p.Name == "Barbara")).DeletedCount);
        Assert.Equal(["Ada", "Alan Turing"], await Names(people.Find(FilterDefinition<Person>.Empty).SortBy(p => p.Name)));
    }

    [Fact]
    public async Task Large_results_page_through_getMore_and_abandoned_cursors_are_killed()
    {
        await using var backend = new MongoDbBackend("paging", fixture.Settings());
        await backend.ConfigureAsync().WaitAsync(Generous);
        var numbers = backend.Collection<BsonDocument>("numbers");
        await numbers.InsertManyAsync(Enumerable.Range(0, 250).Select(i => new BsonDocument { { "_id", i }, { "even", i % 2 == 0 } }));

        var all = await numbers.Find(new BsonDocument("even", true)).Sort(new BsonDocument("_id", -1)).ToListAsync();
        Assert.Equal(Enumerable.Range(0, 125).Select(i => 248 - (2 * i)), all.Select(d => d["_id"].AsInt32));

        var small = await numbers.Find(FilterDefinition<BsonDocument>.Empty, new FindOptions { BatchSize = 7 }).ToListAsync();
        Assert.Equal(250, small.Count);

        using (var cursor = await numbers.FindAsync(FilterDefinition<BsonDocument>.Empty, new FindOptions<BsonDocument> { BatchSize = 10 }))
        {
            Assert.True(await cursor.MoveNextAsync());
            Assert.Equal(10, cursor.Current.Count());
        } // disposed early: the driver sends killCursors

        Assert.Equal(250, await numbers.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty));
    }

    [Fact]
    public async Task Collections_and_indexes_can_be_listed_and_dropped_and_unknown_operators_are_errors()
    {
        await using var backend = new MongoDbBackend("admin", fixture.Settings());
        await backend.ConfigureAsync().WaitAsync(Generous);
        var database = backend.Database;
        var things = backend.Collection<BsonDocument>("things");
        await things.InsertOneAsync(new BsonDocument("name", "one"));
        await backend.Collection<BsonDocument>("others").InsertOneAsync(new BsonDocument("name", "two"));
        var byName = await things.Indexes.CreateOneAsync(new CreateIndexModel<BsonDocument>(new BsonDocument("name", 1)));
        Assert.Equal("name_1", byName);

        Assert.Equal(["others", "things"], (await (await database.ListCollectionNamesAsync()).ToListAsync()).Order(StringComparer.Ordinal));

        await things.Indexes.DropOneAsync("name_1");
        Assert.Equal(["_id_"], (await (await things.Indexes.ListAsync()).ToListAsync()).Select(i => i["name"].AsString));

        await database.DropCollectionAsync("things");
        await database.DropCollectionAsync("never-existed"); // the driver ignores NamespaceNotFound here
        Assert.Equal(["others"], await (await database.ListCollectionNamesAsync()).ToListAsync());
        Assert.Equal(0, await things.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty));

        // A filter the server does not understand is an error, never silently ignored.
        var unknown = await Assert.ThrowsAsync<MongoCommandException>(() =>
            backend.Collection<BsonDocument>("others").Find(new BsonDocument("name", new BsonDocument("$nosuchop", 1))).ToListAsync());
        Assert.Equal(2, unknown.Code); // BadValue
    }

    [Fact]
    public async Task Settings_text_redacts_the_password_and_bad_settings_fault_without_retrying()
    {
        var settings = fixture.Settings();
        settings.Username = "someone";
        settings.Password = "s3cret-" + Guid.NewGuid().ToString("N");
        Assert.DoesNotContain(settings.Password, settings.ToString(), StringComparison.Ordinal);
        Assert.Contains("password = ***", settings.ToString(), StringComparison.Ordinal);

        var noHosts = fixture.Settings();
        noHosts.Hosts = [];
        await using var backend = new MongoDbBackend("nohosts", noHosts);
        var failure = await Assert.ThrowsAsync<BackendStartupException>(() => backend.ConfigureAsync().WaitAsync(Generous));
        Assert.Equal(ConnectionState.Faulted, backend.State);
        Assert.Contains("hosts", failure.Message, StringComparison.Ordinal);
        Assert.False(Assert.Single(backend.Errors).IsTransient);

        var badHost = fixture.Settings();
        badHost.Hosts = ["127.0.0.1:notaport"];
        await using var second = new MongoDbBackend("badhost", badHost);
        await Assert.ThrowsAsync<BackendStartupException>(() => second.ConfigureAsync().WaitAsync(Generous));
        Assert.False(Assert.Single(second.Errors).IsTransient);
    }

    private static async Task<List<string>> Names(IFindFluent<Person, Person> find) =>
        (await find.ToListAsync()).Select(p => p.Name).ToList();
}
