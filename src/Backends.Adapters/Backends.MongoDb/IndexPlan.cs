using MongoDB.Bson;
using MongoDB.Driver;

namespace Backends.MongoDb;

/// <summary>
/// Turns a <see cref="CollectionSpec"/> into the <c>createIndexes</c> models start-up sends. Index keys are plain
/// <see cref="BsonDocument"/>s, so nothing here needs a serializer for the collection's document type (and so
/// nothing here depends on reflection). Indexes with the same key pattern are merged, because the server refuses
/// two indexes over the same keys with different options.
/// </summary>
internal static class IndexPlan
{
    public static List<CreateIndexModel<BsonDocument>> Build(CollectionSpec spec)
    {
        var byKeys = new Dictionary<string, (BsonDocument Keys, bool Unique, int? TtlSeconds)>(StringComparer.Ordinal);
        var order = new List<string>();

        void Add(IReadOnlyList<string> fields, bool unique, int? ttl)
        {
            var keys = Keys(spec.Name, fields);
            var signature = keys.ToString();
            if (byKeys.TryGetValue(signature, out var existing))
            {
                byKeys[signature] = (existing.Keys, existing.Unique || unique, ttl ?? existing.TtlSeconds);
            }
            else
            {
                byKeys[signature] = (keys, unique, ttl);
                order.Add(signature);
            }
        }

        foreach (var fields in spec.Indexes)
        {
            Add(fields, unique: false, ttl: null);
        }

        foreach (var fields in spec.Unique)
        {
            Add(fields, unique: true, ttl: null);
        }

        if (spec.Ttl is { } ttl)
        {
            if (ttl.Seconds < 0)
            {
                throw new ArgumentException($"Collection \"{spec.Name}\": ttl seconds must be 0 or more, not {ttl.Seconds}.", nameof(spec));
            }

            Add([ttl.Field], unique: false, ttl.Seconds);
        }

        var models = new List<CreateIndexModel<BsonDocument>>(order.Count);
        foreach (var signature in order)
        {
            var (keys, unique, ttlSeconds) = byKeys[signature];
            var options = new CreateIndexOptions();
            if (unique)
            {
                options.Unique = true;
            }

            if (ttlSeconds is { } seconds)
            {
                options.ExpireAfter = TimeSpan.FromSeconds(seconds);
            }

            models.Add(new CreateIndexModel<BsonDocument>(new BsonDocumentIndexKeysDefinition<BsonDocument>(keys), options));
        }

        return models;
    }

    /// <summary>The key document of one index: <c>["a", "-b"]</c> → <c>{ a: 1, b: -1 }</c>.</summary>
    public static BsonDocument Keys(string collection, IReadOnlyList<string> fields)
    {
        if (fields is null || fields.Count == 0)
        {
            throw new ArgumentException($"Collection \"{collection}\": an index needs at least one field.", nameof(fields));
        }

        var keys = new BsonDocument();
        foreach (var field in fields)
        {
            var descending = field.StartsWith('-');
            var name = descending ? field[1..] : field;
            if (name.Length == 0 || name.StartsWith('$') || keys.Contains(name))
            {
                throw new ArgumentException(
                    $"Collection \"{collection}\": \"{field}\" is not a valid index field: write a field name once per index, \"-name\" for descending.",
                    nameof(fields));
            }

            keys.Add(name, descending ? -1 : 1);
        }

        return keys;
    }
}
