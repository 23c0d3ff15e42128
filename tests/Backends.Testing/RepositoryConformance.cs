using Backends.Runtime;
using Xunit;

namespace Backends.Testing;

/// <summary>
/// The <see cref="IRepository{T, TKey}"/> conformance suite: the same cases against every backend that holds declared
/// data (a DynamoDB table, a MongoDB collection). Derive a test class from it and return, from
/// <see cref="CreateRepositoryAsync"/>, a ready repository of <see cref="ConformanceUser"/> over EMPTY storage of its
/// own (a fresh table or collection per call), with an index on <see cref="ConformanceUser.Email"/> and none on
/// <see cref="ConformanceUser.Name"/>.
/// </summary>
public abstract class RepositoryConformance : IAsyncLifetime
{
    private IRepository<ConformanceUser, string>? _repository;
    private IAsyncDisposable? _owner;

    /// <summary>The repository under test.</summary>
    protected IRepository<ConformanceUser, string> Repository => _repository ?? throw new InvalidOperationException("InitializeAsync has not run.");

    /// <summary>
    /// Creates a ready repository over empty storage of its own, and what to dispose at the end (its connection).
    /// </summary>
    protected abstract Task<(IRepository<ConformanceUser, string> Repository, IAsyncDisposable Owner)> CreateRepositoryAsync();

    /// <summary>
    /// Waits until a write is visible to <see cref="IRepository{T, TKey}.FindAsync"/>; backends whose indexes are
    /// eventually consistent (DynamoDB's global secondary indexes on AWS) poll here. The default polls up to 30 s.
    /// </summary>
    protected virtual async Task<List<ConformanceUser>> FindEventuallyAsync(Func<Task<List<ConformanceUser>>> find, int expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var found = await find();
            if (found.Count >= expected || DateTime.UtcNow > deadline)
            {
                return found;
            }

            await Task.Delay(100);
        }
    }

    /// <inheritdoc />
    public async Task InitializeAsync() => (_repository, _owner) = await CreateRepositoryAsync();

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_owner is not null)
        {
            await _owner.DisposeAsync();
        }
    }

    /// <summary>A sample user.</summary>
    protected static ConformanceUser User(string id, string email = "a@example.org", string name = "Ann", int age = 30) => new()
    {
        Id = id,
        Email = email,
        Name = name,
        Age = age,
        CreatedAt = new DateTimeOffset(2024, 5, 1, 12, 30, 15, 123, TimeSpan.Zero),
        Tags = ["a", "b"],
    };

    /// <summary>A missing key reads as null.</summary>
    [Fact]
    public async Task Get_of_a_missing_key_returns_null() => Assert.Null(await Repository.GetAsync("nobody"));

    /// <summary>Save then get returns an equal item.</summary>
    [Fact]
    public async Task Save_then_get_returns_an_equal_item()
    {
        var user = User("u1");
        await Repository.SaveAsync(user);
        Assert.Equal(user, await Repository.GetAsync("u1"));
    }

    /// <summary>Saving an item with an existing key replaces it (an upsert), leaving one item.</summary>
    [Fact]
    public async Task Save_with_an_existing_key_replaces_the_item()
    {
        await Repository.SaveAsync(User("u1", name: "Ann", age: 30));
        var second = User("u1", name: "Bea", age: 41);
        second.Tags = [];
        await Repository.SaveAsync(second);
        Assert.Equal(second, await Repository.GetAsync("u1"));
        Assert.Equal(1, await Repository.CountAsync());
    }

    /// <summary>Delete removes the item and reports whether it existed.</summary>
    [Fact]
    public async Task Delete_removes_the_item_and_reports_whether_it_existed()
    {
        await Repository.SaveAsync(User("u1"));
        await Repository.SaveAsync(User("u2"));
        Assert.True(await Repository.DeleteAsync("u1"));
        Assert.Null(await Repository.GetAsync("u1"));
        Assert.False(await Repository.DeleteAsync("u1"));
        Assert.False(await Repository.DeleteAsync("never"));
        Assert.NotNull(await Repository.GetAsync("u2"));
    }

    /// <summary>Find by an indexed member returns exactly the items with that value.</summary>
    [Fact]
    public async Task Find_by_an_indexed_member_returns_exactly_the_matching_items()
    {
        await Repository.SaveAsync(User("u1", email: "shared@example.org"));
        await Repository.SaveAsync(User("u2", email: "shared@example.org", name: "Bea"));
        await Repository.SaveAsync(User("u3", email: "other@example.org"));

        var found = await FindEventuallyAsync(() => ToListAsync(Repository.FindAsync(x => x.Email, "shared@example.org")), 2);
        Assert.Equal(["u1", "u2"], found.Select(u => u.Id).Order(StringComparer.Ordinal));
        Assert.Equal(User("u2", email: "shared@example.org", name: "Bea"), found.Single(u => u.Id == "u2"));
        Assert.Empty(await ToListAsync(Repository.FindAsync(x => x.Email, "nobody@example.org")));
    }

    /// <summary>Find by the key member returns the one item (or none).</summary>
    [Fact]
    public async Task Find_by_the_key_member_returns_the_item()
    {
        await Repository.SaveAsync(User("u1"));
        Assert.Equal(["u1"], (await ToListAsync(Repository.FindAsync(x => x.Id, "u1"))).Select(u => u.Id));
        Assert.Empty(await ToListAsync(Repository.FindAsync(x => x.Id, "u9")));
    }

    /// <summary>Find by a member with no declared index throws, naming the indexes there are.</summary>
    [Fact]
    public async Task Find_by_a_member_without_an_index_throws_naming_the_indexes()
    {
        var error = await Assert.ThrowsAnyAsync<ArgumentException>(async () => await ToListAsync(Repository.FindAsync(x => x.Name, "Ann")));
        Assert.Contains("Name", error.Message, StringComparison.Ordinal);
        Assert.Contains("Email", error.Message, StringComparison.Ordinal);
    }

    /// <summary>An expression that is not a member of the item is rejected.</summary>
    [Fact]
    public async Task Find_with_an_expression_that_is_not_a_member_throws() =>
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await ToListAsync(Repository.FindAsync(x => x.Name.ToUpperInvariant(), "ANN")));

    /// <summary>Count counts every saved item once.</summary>
    [Fact]
    public async Task Count_counts_every_saved_item()
    {
        Assert.Equal(0, await Repository.CountAsync());
        for (var i = 0; i < 7; i++)
        {
            await Repository.SaveAsync(User("c" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        Assert.Equal(7, await Repository.CountAsync());
        await Repository.DeleteAsync("c3");
        Assert.Equal(6, await Repository.CountAsync());
    }

    /// <summary>Concurrent saves of distinct keys all land.</summary>
    [Fact]
    public async Task Concurrent_saves_of_distinct_keys_all_land()
    {
        var ids = Enumerable.Range(0, 24).Select(i => "p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        await Task.WhenAll(ids.Select(id => Repository.SaveAsync(User(id, age: id.Length)).AsTask()));
        foreach (var id in ids)
        {
            Assert.Equal(User(id, age: id.Length), await Repository.GetAsync(id));
        }

        Assert.Equal(ids.Count, await Repository.CountAsync());
    }

    /// <summary>An already-cancelled token makes every operation throw <see cref="OperationCanceledException"/>.</summary>
    [Fact]
    public async Task Cancelled_token_throws_OperationCanceledException()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var token = cancelled.Token;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Repository.SaveAsync(User("x"), token).AsTask());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Repository.GetAsync("x", token).AsTask());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Repository.DeleteAsync("x", token).AsTask());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Repository.CountAsync(token).AsTask());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await ToListAsync(Repository.FindAsync(x => x.Email, "a@example.org", token)));
        Assert.Null(await Repository.GetAsync("x")); // nothing was written
    }

    /// <summary>Collects an async sequence.</summary>
    protected static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var list = new List<T>();
        await foreach (var item in source)
        {
            list.Add(item);
        }

        return list;
    }
}
