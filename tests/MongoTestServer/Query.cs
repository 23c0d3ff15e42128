using MongoDB.Bson;

namespace MongoTestServer;

/// <summary>Sorting and projecting query results.</summary>
internal static class Query
{
    /// <summary>Sorts stably by <paramref name="sort"/> (<c>{ a: 1, b: -1 }</c>); a missing field sorts as null.</summary>
    public static List<BsonDocument> Sort(IEnumerable<BsonDocument> documents, BsonDocument? sort)
    {
        if (sort is null || sort.ElementCount == 0)
        {
            return [.. documents];
        }

        var keys = sort.Select(e => (Path: e.Name, Direction: e.Value.IsNumeric ? Math.Sign(e.Value.ToDouble()) : throw CommandError.BadValue($"$sort key ordering must be 1 (for ascending) or -1 (for descending), not {e.Value}")))
            .ToList();
        return [.. documents.Order(Comparer<BsonDocument>.Create((a, b) =>
        {
            foreach (var (path, direction) in keys)
            {
                var c = BsonOrder.Instance.Compare(First(a, path), First(b, path));
                if (c != 0)
                {
                    return c * direction;
                }
            }

            return 0;
        }))];
    }

    private static BsonValue First(BsonDocument document, string path) =>
        Paths.Resolve(document, path) is [var value, ..] ? value : BsonNull.Value;

    /// <summary>Applies an inclusion (<c>{ a: 1 }</c>) or exclusion (<c>{ a: 0 }</c>) projection; <c>_id</c> is kept unless excluded.</summary>
    public static BsonDocument Project(BsonDocument document, BsonDocument? projection)
    {
        if (projection is null || projection.ElementCount == 0)
        {
            return document;
        }

        var includeId = true;
        bool? inclusion = null;
        var fields = new List<string>();
        foreach (var element in projection)
        {
            if (element.Value is BsonDocument || element.Value is BsonString)
            {
                throw CommandError.NotSupported($"The projection operator in {{{element.Name}: {element.Value.ToJson()}}}");
            }

            var include = element.Value.ToBoolean();
            if (element.Name == "_id")
            {
                includeId = include;
                continue;
            }

            if (inclusion is { } mode && mode != include)
            {
                throw new CommandError(31254, "Location31254", $"Cannot do {(include ? "inclusion" : "exclusion")} on field {element.Name} in {(mode ? "inclusion" : "exclusion")} projection");
            }

            inclusion = include;
            fields.Add(element.Name);
        }

        BsonDocument result;
        if (inclusion == true)
        {
            result = [];
            if (includeId && document.TryGetValue("_id", out var id))
            {
                result.Add("_id", id);
            }

            foreach (var field in fields)
            {
                if (Paths.Get(document, field) is { } value)
                {
                    Paths.Set(result, field, value);
                }
            }
        }
        else
        {
            result = document.DeepClone().AsBsonDocument;
            foreach (var field in fields)
            {
                Paths.Unset(result, field);
            }

            if (!includeId)
            {
                result.Remove("_id");
            }
        }

        return result;
    }
}
