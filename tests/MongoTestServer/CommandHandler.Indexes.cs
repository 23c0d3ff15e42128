using MongoDB.Bson;

namespace MongoTestServer;

internal sealed partial class CommandHandler
{
    /// <summary>
    /// Creates indexes as mongod does: an identical index (same name, keys and options) is a no-op; the same name with
    /// other keys is IndexKeySpecsConflict (86); the same keys with another name or other options is IndexOptionsConflict
    /// (85); a unique index over existing duplicates is DuplicateKey (11000).
    /// </summary>
    private BsonDocument CreateIndexes(string database, BsonDocument command)
    {
        var collection = Store.GetOrCreate(database, CollectionName(command), out var created);
        var before = collection.Indexes.Count;
        foreach (var spec in command.GetValue("indexes", new BsonArray()).AsBsonArray.Select(v => v.AsBsonDocument))
        {
            var key = spec.GetValue("key").AsBsonDocument;
            if (key.ElementCount == 0)
            {
                throw new CommandError(67, "CannotCreateIndex", "Index keys cannot be empty.");
            }

            foreach (var option in spec.Names)
            {
                if (option is not ("key" or "name" or "unique" or "expireAfterSeconds" or "v" or "background"))
                {
                    throw CommandError.NotSupported($"The index option \"{option}\"");
                }
            }

            var name = spec.TryGetValue("name", out var n) ? n.AsString : DefaultName(key);
            int? ttl = spec.TryGetValue("expireAfterSeconds", out var seconds) ? seconds.ToInt32() : null;
            if (ttl is not null && key.ElementCount != 1)
            {
                throw new CommandError(67, "CannotCreateIndex", "TTL indexes are single-field indexes, compound indexes do not support TTL.");
            }

            var index = new IndexData(name, key, spec.GetValue("unique", false).ToBoolean(), ttl);
            var sameName = collection.Indexes.Find(i => i.Name == name);
            var sameKeys = collection.Indexes.Find(i => BsonOrder.Equal(i.Key, key));
            if (sameName is not null && !BsonOrder.Equal(sameName.Key, key))
            {
                throw new CommandError(86, "IndexKeySpecsConflict",
                    $"An existing index has the same name as the requested index. Requested index: {index.ToSpec().ToJson()}, existing index: {sameName.ToSpec().ToJson()}");
            }

            if (sameKeys is not null)
            {
                if (sameKeys.Name == name && (sameKeys.SameOptions(index) || name == "_id_"))
                {
                    continue; // already there
                }

                throw new CommandError(85, "IndexOptionsConflict", sameKeys.Name == name
                    ? $"An existing index has the same name as the requested index. Requested index: {index.ToSpec().ToJson()}, existing index: {sameKeys.ToSpec().ToJson()}"
                    : $"Index already exists with a different name: {sameKeys.Name}");
            }

            if (index.Unique)
            {
                var seen = new List<BsonDocument>();
                foreach (var document in collection.Documents)
                {
                    var value = CollectionData.KeyOf(index, document);
                    if (seen.Exists(s => BsonOrder.Equal(s, value)))
                    {
                        throw collection.DuplicateKey(index, value);
                    }

                    seen.Add(value);
                }
            }

            collection.Indexes.Add(index);
        }

        var reply = new BsonDocument
        {
            { "numIndexesBefore", before },
            { "numIndexesAfter", collection.Indexes.Count },
            { "createdCollectionAutomatically", created },
        };
        if (collection.Indexes.Count == before)
        {
            reply.Add("note", "all indexes already exist");
        }

        reply.Add("ok", 1.0);
        return reply;
    }

    private BsonDocument ListIndexes(string database, BsonDocument command)
    {
        var name = CollectionName(command);
        var collection = Store.Find(database, name) ?? throw CommandError.NamespaceNotFound(database + "." + name);
        var batchSize = OptionalDocument(command, "cursor") is { } cursor ? OptionalInt(cursor, "batchSize") : null;
        return _cursors.FirstBatch(collection.Namespace, collection.Indexes.Select(i => i.ToSpec()), batchSize, singleBatch: false);
    }

    private BsonDocument DropIndexes(string database, BsonDocument command)
    {
        var name = CollectionName(command);
        var collection = Store.Find(database, name) ?? throw CommandError.NamespaceNotFound(database + "." + name);
        var before = collection.Indexes.Count;
        var which = command.GetValue("index");
        IEnumerable<IndexData> targets = which switch
        {
            BsonString { Value: "*" } => collection.Indexes.Where(i => i.Name != "_id_").ToList(),
            BsonString single => [Named(collection, single.Value)],
            BsonArray names => names.Select(v => Named(collection, v.AsString)).ToList(),
            BsonDocument key => [collection.Indexes.Find(i => BsonOrder.Equal(i.Key, key))
                ?? throw new CommandError(27, "IndexNotFound", $"can't find index with key: {key.ToJson()}")],
            _ => throw CommandError.BadValue("dropIndexes: index must be a name, a list of names, a key pattern or \"*\""),
        };
        foreach (var index in targets)
        {
            if (index.Name == "_id_")
            {
                throw new CommandError(72, "InvalidOptions", "cannot drop _id index");
            }

            collection.Indexes.Remove(index);
        }

        return new BsonDocument { { "nIndexesWas", before }, { "ok", 1.0 } };
    }

    private static IndexData Named(CollectionData collection, string name) =>
        collection.Indexes.Find(i => i.Name == name) ?? throw new CommandError(27, "IndexNotFound", $"index not found with name [{name}]");

    /// <summary>mongod's default name: <c>{ a: 1, b: -1 }</c> → <c>a_1_b_-1</c>.</summary>
    private static string DefaultName(BsonDocument key) =>
        string.Join("_", key.Select(e => e.Name + "_" + e.Value.ToString()));
}
