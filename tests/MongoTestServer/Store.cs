using MongoDB.Bson;

namespace MongoTestServer;

/// <summary>All databases, guarded by one lock: every command runs whole under <see cref="Gate"/>.</summary>
internal sealed class Store
{
    private readonly Dictionary<string, Dictionary<string, CollectionData>> _databases = new(StringComparer.Ordinal);

    public Lock Gate { get; } = new();

    public CollectionData? Find(string database, string collection) =>
        _databases.TryGetValue(database, out var collections) && collections.TryGetValue(collection, out var data) ? data : null;

    public CollectionData GetOrCreate(string database, string collection, out bool created)
    {
        if (!_databases.TryGetValue(database, out var collections))
        {
            _databases[database] = collections = new Dictionary<string, CollectionData>(StringComparer.Ordinal);
        }

        created = !collections.TryGetValue(collection, out var data);
        if (data is null)
        {
            ValidateName(collection);
            collections[collection] = data = new CollectionData(database + "." + collection);
        }

        return data;
    }

    public bool Drop(string database, string collection) =>
        _databases.TryGetValue(database, out var collections) && collections.Remove(collection);

    public bool DropDatabase(string database) => _databases.Remove(database);

    public IReadOnlyList<string> DatabaseNames => [.. _databases.Keys.Order(StringComparer.Ordinal)];

    public IReadOnlyList<(string Name, CollectionData Data)> Collections(string database) =>
        _databases.TryGetValue(database, out var collections)
            ? [.. collections.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => (c.Key, c.Value))]
            : [];

    /// <summary>What mongod's TTL monitor does: removes documents whose TTL-indexed date lies more than expireAfterSeconds back.</summary>
    public void RemoveExpired(DateTime now)
    {
        lock (Gate)
        {
            foreach (var collections in _databases.Values)
            {
                foreach (var collection in collections.Values)
                {
                    collection.RemoveExpired(now);
                }
            }
        }
    }

    private static void ValidateName(string collection)
    {
        if (collection.Length == 0 || collection.Contains('\0', StringComparison.Ordinal) || collection.StartsWith('$'))
        {
            throw new CommandError(73, "InvalidNamespace", $"Invalid collection name: '{collection}'");
        }
    }
}
