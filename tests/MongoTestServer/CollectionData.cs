using MongoDB.Bson;

namespace MongoTestServer;

/// <summary>One index: its key pattern, its name and the options the server enforces (unique, TTL).</summary>
internal sealed record IndexData(string Name, BsonDocument Key, bool Unique, int? ExpireAfterSeconds)
{
    /// <summary>The index as listIndexes shows it.</summary>
    public BsonDocument ToSpec()
    {
        var spec = new BsonDocument { { "v", 2 }, { "key", Key.DeepClone() }, { "name", Name } };
        if (Unique && Name != "_id_")
        {
            spec.Add("unique", true);
        }

        if (ExpireAfterSeconds is { } seconds)
        {
            spec.Add("expireAfterSeconds", seconds);
        }

        return spec;
    }

    public bool SameOptions(IndexData other) => Unique == other.Unique && ExpireAfterSeconds == other.ExpireAfterSeconds;
}

/// <summary>The documents of one collection, in insertion order, and its indexes (which only enforce uniqueness and TTL).</summary>
internal sealed class CollectionData
{
    public static readonly IndexData IdIndex = new("_id_", new BsonDocument("_id", 1), Unique: true, ExpireAfterSeconds: null);

    public CollectionData(string ns) => Namespace = ns;

    public string Namespace { get; }

    public List<BsonDocument> Documents { get; } = [];

    public List<IndexData> Indexes { get; } = [IdIndex];

    /// <summary>Throws the 11000 duplicate-key error when <paramref name="candidate"/> collides on a unique index with a document other than <paramref name="self"/>.</summary>
    public void CheckUnique(BsonDocument candidate, BsonDocument? self)
    {
        foreach (var index in Indexes)
        {
            if (!index.Unique)
            {
                continue;
            }

            var key = KeyOf(index, candidate);
            foreach (var other in Documents)
            {
                if (!ReferenceEquals(other, self) && BsonOrder.Equal(KeyOf(index, other), key))
                {
                    throw DuplicateKey(index, key);
                }
            }
        }
    }

    public CommandError DuplicateKey(IndexData index, BsonDocument key) =>
        new(11000, "DuplicateKey", $"E11000 duplicate key error collection: {Namespace} index: {index.Name} dup key: {key.ToJson()}");

    /// <summary>The values <paramref name="document"/> has for <paramref name="index"/>'s fields (a missing field is null).</summary>
    public static BsonDocument KeyOf(IndexData index, BsonDocument document)
    {
        var key = new BsonDocument(allowDuplicateNames: true);
        foreach (var field in index.Key.Names)
        {
            var values = Paths.Resolve(document, field);
            key.Add(field, values.Count == 0 ? BsonNull.Value : values[0]);
        }

        return key;
    }

    public void RemoveExpired(DateTime now)
    {
        foreach (var index in Indexes)
        {
            if (index.ExpireAfterSeconds is not { } seconds)
            {
                continue;
            }

            var field = index.Key.GetElement(0).Name;
            Documents.RemoveAll(document => Paths.Resolve(document, field) is [BsonDateTime date, ..] &&
                date.ToUniversalTime().AddSeconds(seconds) <= now);
        }
    }
}
