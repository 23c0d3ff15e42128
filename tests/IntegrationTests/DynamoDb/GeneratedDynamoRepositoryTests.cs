using Backends.Runtime;
using Backends.Testing;
using IntegrationTests.Infrastructure;

namespace IntegrationTests.DynamoDb;

/// <summary>
/// <c>Db.Repositories.DynamoUsers</c> from backends.json (<c>"dynamoUsers": "dynamodb.main.users"</c>): the same
/// <see cref="IRepository{T, TKey}"/> as <c>Db.Repositories.Users</c> over MongoDB, here over the declared hash-only
/// table, used only through the interface against the generated-Db dynalite (<see cref="GeneratedDynamoServer"/>).
/// </summary>
[Collection(GeneratedDbGroup.Name)]
public sealed class GeneratedDynamoRepositoryTests
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
    public async Task The_repository_naming_a_table_is_the_typed_table_and_saves_gets_finds_and_deletes_through_the_interface()
    {
        IRepository<ConformanceUser, string> users = Db.Repositories.DynamoUsers;
        Assert.Same(Db.DynamoDb.Main.Users, users);

        var prefix = "gdr-" + Guid.NewGuid().ToString("N")[..8] + "-";
        var email = prefix + "shared@example.org";
        await users.SaveAsync(User(prefix + "1", email));
        await users.SaveAsync(User(prefix + "2", email, "Bea"));
        await users.SaveAsync(User(prefix + "1", email, "Ann2")); // an upsert: replaces
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

        var error = Assert.Throws<ArgumentException>(() => users.FindAsync(x => x.Name, "Bea"));
        Assert.Contains("no index on Name", error.Message, StringComparison.Ordinal);

        Assert.True(await users.DeleteAsync(prefix + "1"));
        Assert.False(await users.DeleteAsync(prefix + "1"));
        Assert.True(await users.DeleteAsync(prefix + "2"));
        Assert.Null(await users.GetAsync(prefix + "2"));
    }
}
