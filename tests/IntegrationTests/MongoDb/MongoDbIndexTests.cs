using Backends.MongoDb;
using Backends.Runtime;
using MongoDB.Bson;
using MongoDB.Driver;

namespace IntegrationTests.MongoDb;

/// <summary>Declared collections: indexes ensured at start-up, idempotently; unique indexes enforced (11000).</summary>
public sealed class MongoDbIndexTests(MongoFixture fixture) : IClassFixture<MongoFixture>
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(90);

    private static CollectionSpec Users() => new("users")
    {
        Indexes = [["email"], ["lastName", "-createdAt"]],
        Unique = [["email"]],
        Ttl = new TtlIndexSpec("expiresAt", 3600),
    };

    [Fact]
    public async Task Declared_indexes_are_created_at_startup_and_ensuring_again_changes_nothing()
    {
        var settings = fixture.Settings();
        await using var backend = new MongoDbBackend("indexed", settings);
        backend.RegisterCollection(Users());
        backend.RegisterCollection(new CollectionSpec("orders") { Indexes = [["customer.id", "-total"]], Unique = [["number"]] });
        Assert.Equal(["users", "orders"], backend.Collections.Select(c => c.Name));

        await backend.ConfigureAsync().WaitAsync(Generous);

        var users = await Indexes(backend, "users");
        Assert.Equal(["_id_", "email_1", "expiresAt_1", "lastName_1_createdAt_-1"], users.Keys.Order(StringComparer.Ordinal));
        Assert.True(users["email_1"].GetValue("unique", false).ToBoolean());
        Assert.Equal(new BsonDocument { { "lastName", 1 }, { "createdAt", -1 } }, users["lastName_1_createdAt_-1"]["key"]);
        Assert.False(users["lastName_1_createdAt_-1"].GetValue("unique", false).ToBoolean());
        Assert.Equal(3600, users["expiresAt_1"]["expireAfterSeconds"].ToInt32());
        var orders = await Indexes(backend, "orders");
        Assert.Equal(["_id_", "customer.id_1_total_-1", "number_1"], orders.Keys.Order(StringComparer.Ordinal));

        await backend.EnsureIndexesAsync();
        await backend.EnsureIndexesAsync();
        Assert.Equal(users, await Indexes(backend, "users"));
        Assert.Equal(orders, await Indexes(backend, "orders"));

        // A restart (a new handle over the same database) ensures the same indexes without an error.
        await using var restarted = new MongoDbBackend("indexed", fixture.Settings(settings.Database));
        restarted.RegisterCollection(Users());
        await restarted.ConfigureAsync().WaitAsync(Generous);
        Assert.Empty(restarted.Errors);
        Assert.Equal(users, await Indexes(restarted, "users"));
    }

    [Fact]
    public async Task A_duplicate_on_a_unique_index_is_a_write_error_11000()
    {
        await using var backend = new MongoDbBackend("unique", fixture.Settings());
        backend.RegisterCollection(Users());
        await backend.ConfigureAsync().WaitAsync(Generous);
        var users = backend.Collection<BsonDocument>("users");

        await users.InsertOneAsync(new BsonDocument { { "email", "ada@example.org" }, { "lastName", "Lovelace" } });
        await users.InsertOneAsync(new BsonDocument { { "email", "grace@example.org" }, { "lastName", "Hopper" } });

        var insert = await Assert.ThrowsAsync<MongoWriteException>(() =>
            users.InsertOneAsync(new BsonDocument { { "email", "ada@example.org" }, { "lastName", "Byron" } }));
        Assert.Equal(11000, insert.WriteError.Code);
        Assert.Equal(ServerErrorCategory.DuplicateKey, insert.WriteError.Category);

        var update = await Assert.ThrowsAsync<MongoWriteException>(() =>
            users.UpdateOneAsync(new BsonDocument("lastName", "Hopper"), new BsonDocument("$set", new BsonDocument("email", "ada@example.org"))));
        Assert.Equal(11000, update.WriteError.Code);

        var id = await Assert.ThrowsAsync<MongoWriteException>(() =>
            users.InsertOneAsync(new BsonDocument { { "_id", 1 }, { "email", "x@example.org" } }).ContinueWith(
                _ => users.InsertOneAsync(new BsonDocument { { "_id", 1 }, { "email", "y@example.org" } }), TaskScheduler.Default).Unwrap());
        Assert.Equal(ServerErrorCategory.DuplicateKey, id.WriteError.Category);

        Assert.Equal(3, await users.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty));
        Assert.Equal("Hopper", (await users.Find(new BsonDocument("email", "grace@example.org")).SingleAsync())["lastName"].AsString);
    }

    [Fact]
    public async Task A_declared_index_that_exists_with_other_options_faults_startup_without_retrying()
    {
        var settings = fixture.Settings();
        await using (var first = new MongoDbBackend("ttl", settings))
        {
            first.RegisterCollection(Users());
            await first.ConfigureAsync().WaitAsync(Generous);
        }

        await using var changed = new MongoDbBackend("ttl", fixture.Settings(settings.Database));
        changed.RegisterCollection(new CollectionSpec("users") { Ttl = new TtlIndexSpec("expiresAt", 60) });
        var failure = await Assert.ThrowsAsync<BackendStartupException>(() => changed.ConfigureAsync().WaitAsync(Generous));

        Assert.Equal(ConnectionState.Faulted, changed.State);
        var error = Assert.Single(changed.Errors);
        Assert.False(error.IsTransient);
        Assert.IsType<MongoCommandException>(Assert.IsType<RedactedException>(failure.InnerException).GetOriginalException());
    }

    [Fact]
    public async Task A_hand_written_serializer_registered_with_the_collection_drives_typed_access()
    {
        await using var backend = new MongoDbBackend("typed", fixture.Settings());
        backend.RegisterCollection(new CollectionSpec("notes") { Indexes = [["-stars"]], Ttl = new TtlIndexSpec("expiresAt", 0) }, new NoteSerializer());
        await backend.ConfigureAsync().WaitAsync(Generous);
        var notes = backend.Collection<Note>("notes");
        var expires = new DateTime(2031, 1, 2, 3, 4, 5, DateTimeKind.Utc);

        await notes.InsertManyAsync(
        [
            new Note { Id = "a", Title = "first", Stars = 3 },
            new Note { Id = "b", Title = "second", Stars = 5, ExpiresAt = expires },
            new Note { Id = "c", Title = "third", Stars = 1 },
        ]);

        // String field names render through IBsonDocumentSerializer: the query style that works under native AOT.
        var filter = Builders<Note>.Filter;
        var good = await notes.Find(filter.Gte("stars", 3)).Sort(Builders<Note>.Sort.Descending("stars")).ToListAsync();
        Assert.Equal(["b", "a"], good.Select(n => n.Id));
        Assert.Equal(expires, good[0].ExpiresAt);
        await notes.UpdateOneAsync(filter.Eq("_id", "c"), Builders<Note>.Update.Set("title", "renamed").Inc("stars", 10));
        var c = await notes.Find(filter.Eq("_id", "c")).SingleAsync();
        Assert.Equal(("renamed", 11), (c.Title, c.Stars));
        Assert.Contains("stars_-1", (await Indexes(backend, "notes")).Keys);

        // Registering the same serializer type again (a second connection declaring the same type) is a no-op.
        await using var other = new MongoDbBackend("typed2", fixture.Settings());
        other.RegisterCollection(new CollectionSpec("notes"), new NoteSerializer());
        Assert.Throws<ArgumentException>(() => other.RegisterCollection(new CollectionSpec("notes")));
        Assert.Throws<ArgumentException>(() => other.RegisterCollection(new CollectionSpec("bad") { Indexes = [["-"]] }));
        await other.ConfigureAsync().WaitAsync(Generous);
        Assert.Throws<InvalidOperationException>(() => other.RegisterCollection(new CollectionSpec("late")));
    }

    private static async Task<Dictionary<string, BsonDocument>> Indexes(MongoDbBackend backend, string collection)
    {
        var list = await (await backend.Database.GetCollection<BsonDocument>(collection).Indexes.ListAsync()).ToListAsync();
        return list.ToDictionary(i => i["name"].AsString, i =>
        {
            // Keep what declares the index; servers add version fields of their own.
            var spec = new BsonDocument { { "key", i["key"] }, { "name", i["name"] } };
            foreach (var option in new[] { "unique", "expireAfterSeconds" })
            {
                if (i.TryGetValue(option, out var value))
                {
                    spec.Add(option, value);
                }
            }

            return spec;
        });
    }
}
