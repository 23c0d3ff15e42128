using System.Text.Json.Serialization.Metadata;
using Backends.Runtime;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Backends.MongoDb;

/// <summary>
/// The <see cref="IKeyValueStore"/> side of a MongoDB connection: one collection (<see cref="MongoDbSettings.KeyValueCollection"/>,
/// <c>"kv"</c> by default) holding <c>{ _id: key, value: BinData, expiresAt: Date }</c>. Entries are plain
/// <see cref="BsonDocument"/>s, so nothing here needs reflection.
/// </summary>
/// <remarks>
/// Expiry is kept twice: a TTL index on <c>expiresAt</c> lets the server remove expired entries (its monitor runs about once a
/// minute), and every read and delete only matches entries whose <c>expiresAt</c> is missing or still ahead, so an expired
/// value is never returned in between. The TTL index is ensured on the first write.
/// </remarks>
public partial class MongoDbBackend : IExpiringKeyValueStore
{
    private const string ValueField = "value";
    private const string ExpiresField = "expiresAt";

    private IMongoCollection<BsonDocument>? _keyValueIndexed;

    /// <inheritdoc />
    public ValueTask<T?> GetAsync<T>(string key, JsonTypeInfo<T> type, CancellationToken cancellationToken = default) =>
        KeyValueJson.GetAsync(this, key, type, cancellationToken);

    /// <inheritdoc />
    public ValueTask SetAsync<T>(string key, T value, JsonTypeInfo<T> type, TimeSpan? ttl = null, CancellationToken cancellationToken = default) =>
        KeyValueJson.SetAsync(this, key, value, type, ttl, cancellationToken);

    /// <inheritdoc />
    public async ValueTask<byte[]?> GetBytesAsync(string key, CancellationToken cancellationToken = default) =>
        (await GetEntryAsync(key, cancellationToken).ConfigureAwait(false))?.Value;

    /// <inheritdoc />
    public async ValueTask<KeyValueEntry?> GetEntryAsync(string key, CancellationToken cancellationToken = default)
    {
        KeyValueKey.Validate(key);
        cancellationToken.ThrowIfCancellationRequested();
        var collection = KeyValueCollection();
        try
        {
            var options = new FindOptions<BsonDocument> { Limit = 1, Projection = new BsonDocument { { ValueField, 1 }, { ExpiresField, 1 } } };
            using var cursor = await collection.FindAsync(Live(key), options, cancellationToken).ConfigureAwait(false);
            var entry = await cursor.FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            if (entry is null || !entry.TryGetValue(ValueField, out var value) || value is not BsonBinaryData binary)
            {
                return null;
            }

            TimeSpan? life = entry.TryGetValue(ExpiresField, out var expires) && expires is BsonDateTime at
                ? TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond, (at.ToUniversalTime() - DateTime.UtcNow).Ticks))
                : null;
            return new KeyValueEntry(binary.Bytes, life);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            ReportError(ex, "keyvalue");
            throw;
        }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ttl"/> is zero, negative or would end after 9999-12-31.</exception>
    public async ValueTask SetBytesAsync(string key, ReadOnlyMemory<byte> value, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        KeyValueKey.Validate(key);
        var life = KeyValueTables.TimeToLive(ttl);

        cancellationToken.ThrowIfCancellationRequested();
        var collection = KeyValueCollection();
        var entry = new BsonDocument
        {
            { "_id", key },
            { ValueField, new BsonBinaryData(value.ToArray()) },
        };
        if (life is { } t)
        {
            entry.Add(ExpiresField, new BsonDateTime(DateTime.UtcNow + t));
        }

        try
        {
            await EnsureKeyValueIndexAsync(collection, cancellationToken).ConfigureAwait(false);
            await collection.ReplaceOneAsync(new BsonDocument("_id", key), entry, new ReplaceOptions { IsUpsert = true }, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            ReportError(ex, "keyvalue");
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        KeyValueKey.Validate(key);
        cancellationToken.ThrowIfCancellationRequested();
        var collection = KeyValueCollection();
        try
        {
            // Only a live entry counts as existing; an expired one left for the TTL monitor is not deleted here.
            var result = await collection.DeleteOneAsync(Live(key), cancellationToken).ConfigureAwait(false);
            return result.DeletedCount > 0;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            ReportError(ex, "keyvalue");
            throw;
        }
    }

    private IMongoCollection<BsonDocument> KeyValueCollection() => Collection<BsonDocument>(Settings.KeyValueCollection);

    /// <summary><c>{ _id: key, $or: [{ expiresAt: { $exists: false } }, { expiresAt: { $gt: now } }] }</c>.</summary>
    private static BsonDocument Live(string key) => new()
    {
        { "_id", key },
        {
            "$or", new BsonArray
            {
                new BsonDocument(ExpiresField, new BsonDocument("$exists", false)),
                new BsonDocument(ExpiresField, new BsonDocument("$gt", new BsonDateTime(DateTime.UtcNow))),
            }
        },
    };

    private async ValueTask EnsureKeyValueIndexAsync(IMongoCollection<BsonDocument> collection, CancellationToken cancellationToken)
    {
        if (ReferenceEquals(Volatile.Read(ref _keyValueIndexed), collection))
        {
            return;
        }

        // Two first writers may both send this; createIndexes with the same spec is a no-op on the server.
        var model = new CreateIndexModel<BsonDocument>(
            new BsonDocumentIndexKeysDefinition<BsonDocument>(new BsonDocument(ExpiresField, 1)),
            new CreateIndexOptions { ExpireAfter = TimeSpan.Zero });
        await collection.Indexes.CreateOneAsync(model, cancellationToken: cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _keyValueIndexed, collection);
    }
}
