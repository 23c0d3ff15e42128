using Backends.MongoDb;
using Backends.Runtime;
using Backends.Testing;
using IntegrationTests.Infrastructure;
using MongoDB.Bson;
using MongoDB.Driver;

namespace IntegrationTests.MongoDb;

/// <summary>
/// The generated <c>Db.Repositories.Users</c> from backends.json (<c>"users": "mongodb.catalog.users"</c>): an
/// <see cref="IRepository{T, TKey}"/> over the declared collection, used only through the interface, against the
/// generated-Db server (<see cref="GeneratedMongoServer"/>).
/// </summary>
[Collection(GeneratedDbGroup.Name)]
public sealed class GeneratedRepositoryTests
{
    private static ConformanceUser User(string id, string email, string name = "Ann") => new()
    {
        Id = id,
        Email = email,
        Name = name,
        Age = 33,
        CreatedAt = new DateTimeOffset(2024, 6, 1, 8, 0, 0, TimeSpan.Zero),
        Tags = ["x"],
    };

    [Fact]
    public async Task The_generated_repository_saves_gets_finds_counts_and_deletes_through_the_interface()
    {
        IRepository<ConformanceUser, string> users = Db.Repositories.Users;
        Assert.Same(users, Db.Repositories.Users); // created once
        Assert.Equal("users", Assert.IsType<MongoRepository<ConformanceUser, string>>(users).CollectionName);

        var prefix = "gr-" + Guid.NewGuid().ToString("N")[..8] + "-";
        var email = prefix + "shared@example.org";
        var before = await users.CountAsync();

        await users.SaveAsync(User(prefix + "1", email));
        await users.SaveAsync(User(prefix + "2", email, "Bea"));
        await users.SaveAsync(User(prefix + "1", email, "Ann2")); // an upsert: replaces, adds nothing
        Assert.Equal(before + 2, await users.CountAsync());
        Assert.Equal(User(prefix + "1", email, "Ann2"), await users.GetAsync(prefix + "1"));
        Assert.Null(await users.GetAsync(prefix + "missing"));

        var found = new List<ConformanceUser>();
        await foreach (var user in users.FindAsync(x => x.Email, email))
        {
            found.Add(user);
        }

        Assert.Equal([prefix + "1", prefix + "2"], found.Select(u => u.Id).Order(StringComparer.Ordinal));
        var byKey = new List<ConformanceUser>();
        await foreach (var user in users.FindAsync(x => x.Id, prefix + "2"))
        {
            byKey.Add(user);
        }

        Assert.Equal("Bea", Assert.Single(byKey).Name);

        // Not indexed: a clear error naming what can be searched.
        var error = Assert.Throws<ArgumentException>(() => users.FindAsync(x => x.Name, "Bea"));
        Assert.Contains("no index on Name", error.Message, StringComparison.Ordinal);
        Assert.Contains("Email (email)", error.Message, StringComparison.Ordinal);

        // Stored through the generated serializer: the key is _id, members camelCased, in the declared collection.
        var raw = await Db.MongoDb.Catalog.Database.GetCollection<BsonDocument>("users").Find(new BsonDocument("_id", prefix + "2")).SingleAsync();
        Assert.Equal(email, raw["email"].AsString);

        Assert.True(await users.DeleteAsync(prefix + "1"));
        Assert.False(await users.DeleteAsync(prefix + "1"));
        Assert.True(await users.DeleteAsync(prefix + "2"));
        Assert.Equal(before, await users.CountAsync());
    }
}
