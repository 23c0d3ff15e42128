using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Backends.Runtime;
using MongoDB.Driver;

namespace Backends.MongoDb;

/// <summary>
/// A declared MongoDB collection as an <see cref="IRepository{T, TKey}"/>: the document's id (<c>[BsonId]</c> or
/// <c>Id</c>, stored as <c>_id</c>) is the key. Generated code creates it for a <c>"repositories"</c> entry that names
/// the collection, passing how to read an item's key (a plain member access, no reflection) and which members a declared
/// index lets <see cref="FindAsync"/> search by.
/// </summary>
/// <typeparam name="T">The document type.</typeparam>
/// <typeparam name="TKey">The id member's type.</typeparam>
/// <remarks>
/// The collection is taken from <see cref="MongoDbBackend.Collection{TDocument}"/> on every call, so the repository can be
/// created before start-up and used once the connection is ready. It holds no resources of its own.
/// </remarks>
public sealed class MongoRepository<T, TKey> : IRepository<T, TKey>
    where T : class
{
    private const string IdField = "_id";

    private static readonly ReplaceOptions s_upsert = new() { IsUpsert = true };

    private readonly MongoDbBackend _backend;
    private readonly string _collection;
    private readonly Func<T, TKey> _key;
    private readonly IReadOnlyList<MongoRepositoryIndex> _finders;

    /// <summary>Creates the repository over one collection of <paramref name="backend"/>.</summary>
    /// <param name="backend">The connection.</param>
    /// <param name="collection">The collection's name.</param>
    /// <param name="key">Reads an item's id (<c>static x =&gt; x.Id</c>).</param>
    /// <param name="finders">The members <see cref="FindAsync"/> can search by, with the fields their indexes start with.</param>
    public MongoRepository(MongoDbBackend backend, string collection, Func<T, TKey> key, IReadOnlyList<MongoRepositoryIndex> finders)
    {
        _backend = backend ?? throw new ArgumentNullException(nameof(backend));
        ArgumentException.ThrowIfNullOrEmpty(collection);
        _collection = collection;
        _key = key ?? throw new ArgumentNullException(nameof(key));
        _finders = finders ?? throw new ArgumentNullException(nameof(finders));
    }

    /// <summary>The collection's name.</summary>
    public string CollectionName => _collection;

    /// <summary>The members <see cref="FindAsync"/> can search by.</summary>
    public IReadOnlyList<MongoRepositoryIndex> Finders => _finders;

    /// <summary>The typed collection (usable once the connection is ready).</summary>
    public IMongoCollection<T> Collection => _backend.Collection<T>(_collection);

    /// <inheritdoc />
    public async ValueTask SaveAsync(T item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        cancellationToken.ThrowIfCancellationRequested();
        await Collection.ReplaceOneAsync(ById(_key(item)), item, s_upsert, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<T?> GetAsync(TKey key, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var cursor = await Collection.FindAsync(ById(key), new FindOptions<T, T> { Limit = 1 }, cancellationToken).ConfigureAwait(false);
        while (await cursor.MoveNextAsync(cancellationToken).ConfigureAwait(false))
        {
            foreach (var item in cursor.Current)
            {
                return item;
            }
        }

        return null;
    }

    /// <inheritdoc />
    public async ValueTask<bool> DeleteAsync(TKey key, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var result = await Collection.DeleteOneAsync(ById(key), cancellationToken).ConfigureAwait(false);
        return result.DeletedCount > 0;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">No declared index (nor the id) covers the member; the message names those that do.</exception>
    public IAsyncEnumerable<T> FindAsync<TMember>(Expression<Func<T, TMember>> member, TMember value, CancellationToken cancellationToken = default)
    {
        var name = RepositoryMember.NameOf(member);
        var finder = _finders.FirstOrDefault(f => f.Member == name) ?? throw new ArgumentException(
            $"The collection \"{_collection}\" has no index on {name}, so FindAsync cannot search by it; the members it can search by: "
            + (_finders.Count == 0 ? "none" : string.Join(", ", _finders.Select(f => $"{f.Member} ({f.Field})")))
            + ". Declare an index on it in backends.json.",
            nameof(member));
        return FindCoreAsync(Builders<T>.Filter.Eq(new StringFieldDefinition<T, TMember>(finder.Field), value), cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask<long> CountAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return await Collection.CountDocumentsAsync(FilterDefinition<T>.Empty, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override string ToString() => $"MongoRepository {_backend.Name}.{_collection}";

    private static FilterDefinition<T> ById(TKey key) => Builders<T>.Filter.Eq(new StringFieldDefinition<T, TKey>(IdField), key);

    private async IAsyncEnumerable<T> FindCoreAsync(FilterDefinition<T> filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var cursor = await Collection.FindAsync(filter, options: null, cancellationToken).ConfigureAwait(false);
        while (await cursor.MoveNextAsync(cancellationToken).ConfigureAwait(false))
        {
            foreach (var item in cursor.Current)
            {
                yield return item;
            }
        }
    }
}
