using MongoDB.Bson;

namespace MongoTestServer;

/// <summary>
/// Update documents: replacements and the operators <c>$set $unset $inc $setOnInsert $push $addToSet $min $max
/// $currentDate $rename</c>. Pipeline updates and other operators are an error.
/// </summary>
internal static class Updates
{
    public static bool IsOperatorUpdate(BsonValue update) =>
        update is BsonDocument { ElementCount: > 0 } document && document.GetElement(0).Name.StartsWith('$');

    /// <summary>Returns the updated copy of <paramref name="original"/>.</summary>
    public static BsonDocument Apply(BsonDocument original, BsonValue update, bool inserting)
    {
        if (update is BsonArray)
        {
            throw CommandError.NotSupported("An update pipeline");
        }

        var spec = update.AsBsonDocument;
        if (!IsOperatorUpdate(spec))
        {
            return Replace(original, spec);
        }

        var document = original.DeepClone().AsBsonDocument;
        foreach (var op in spec)
        {
            if (op.Value is not BsonDocument fields)
            {
                throw new CommandError(9, "FailedToParse", $"Modifiers operate on fields but we found type {op.Value.BsonType} instead.");
            }

            foreach (var field in fields)
            {
                CheckNotId(original, field.Name, op.Name == "$unset" ? null : field.Value);
                switch (op.Name)
                {
                    case "$set":
                        Paths.Set(document, field.Name, field.Value);
                        break;
                    case "$setOnInsert":
                        if (inserting)
                        {
                            Paths.Set(document, field.Name, field.Value);
                        }

                        break;
                    case "$unset":
                        Paths.Unset(document, field.Name);
                        break;
                    case "$inc":
                        Paths.Set(document, field.Name, Add(Paths.Get(document, field.Name), field.Value, field.Name));
                        break;
                    case "$min" or "$max":
                    {
                        var current = Paths.Get(document, field.Name);
                        var c = current is null ? 0 : BsonOrder.Instance.Compare(field.Value, current);
                        if (current is null || (op.Name == "$min" ? c < 0 : c > 0))
                        {
                            Paths.Set(document, field.Name, field.Value);
                        }

                        break;
                    }

                    case "$push" or "$addToSet":
                    {
                        var current = Paths.Get(document, field.Name);
                        var array = current switch
                        {
                            null => new BsonArray(),
                            BsonArray existing => existing,
                            _ => throw new CommandError(2, "BadValue", $"The field '{field.Name}' must be an array but is of type {current.BsonType}"),
                        };
                        var items = field.Value is BsonDocument each && each.TryGetValue("$each", out var list) ? list.AsBsonArray : [field.Value];
                        foreach (var item in items)
                        {
                            if (op.Name == "$push" || !array.Any(existing => BsonOrder.Equal(existing, item)))
                            {
                                array.Add(item);
                            }
                        }

                        Paths.Set(document, field.Name, array);
                        break;
                    }

                    case "$currentDate":
                        Paths.Set(document, field.Name, new BsonDateTime(DateTime.UtcNow));
                        break;
                    case "$rename":
                        if (Paths.Get(document, field.Name) is { } moved)
                        {
                            Paths.Unset(document, field.Name);
                            Paths.Set(document, field.Value.AsString, moved);
                        }

                        break;
                    default:
                        throw new CommandError(9, "FailedToParse", $"Unknown modifier: {op.Name}. Expected a valid update modifier or pipeline-style update specified as an array");
                }
            }
        }

        return document;
    }

    private static BsonDocument Replace(BsonDocument original, BsonDocument replacement)
    {
        if (replacement.TryGetValue("_id", out var id) && original.TryGetValue("_id", out var existing) && !BsonOrder.Equal(id, existing))
        {
            throw ImmutableId(existing);
        }

        var document = new BsonDocument();
        if (original.TryGetValue("_id", out var originalId))
        {
            document.Add("_id", originalId);
        }

        foreach (var element in replacement)
        {
            if (element.Name != "_id" || !document.Contains("_id"))
            {
                document.Add(element.Name, element.Value.DeepClone());
            }
        }

        return document;
    }

    private static void CheckNotId(BsonDocument original, string path, BsonValue? value)
    {
        if ((path == "_id" || path.StartsWith("_id.", StringComparison.Ordinal)) && original.TryGetValue("_id", out var id) &&
            (value is null || path != "_id" || !BsonOrder.Equal(id, value)))
        {
            throw ImmutableId(id);
        }
    }

    private static CommandError ImmutableId(BsonValue id) =>
        new(66, "ImmutableField", $"Performing an update on the path '_id' would modify the immutable field '_id' (it is {id.ToJson()})");

    private static BsonValue Add(BsonValue? current, BsonValue increment, string path)
    {
        if (!increment.IsNumeric)
        {
            throw new CommandError(14, "TypeMismatch", $"Cannot increment with non-numeric argument: {{{path}: {increment.ToJson()}}}");
        }

        if (current is null)
        {
            return increment;
        }

        if (!current.IsNumeric)
        {
            throw new CommandError(14, "TypeMismatch", $"Cannot apply $inc to a value of non-numeric type. {{_id: ...}} has the field '{path}' of non-numeric type {current.BsonType}");
        }

        if (current.BsonType == BsonType.Decimal128 || increment.BsonType == BsonType.Decimal128)
        {
            return new BsonDecimal128(current.ToDecimal() + increment.ToDecimal());
        }

        if (current.BsonType == BsonType.Double || increment.BsonType == BsonType.Double)
        {
            return new BsonDouble(current.ToDouble() + increment.ToDouble());
        }

        var sum = current.ToInt64() + increment.ToInt64();
        return current.BsonType == BsonType.Int32 && increment.BsonType == BsonType.Int32 && sum is >= int.MinValue and <= int.MaxValue
            ? new BsonInt32((int)sum)
            : new BsonInt64(sum);
    }

    /// <summary>The document an upsert starts from: the equality conditions of the query (top level and inside <c>$and</c>).</summary>
    public static BsonDocument SeedFromQuery(BsonDocument? query)
    {
        var seed = new BsonDocument();
        AddEqualities(seed, query);
        return seed;
    }

    private static void AddEqualities(BsonDocument seed, BsonDocument? query)
    {
        if (query is null)
        {
            return;
        }

        foreach (var element in query)
        {
            if (element.Name == "$and")
            {
                foreach (var clause in element.Value.AsBsonArray)
                {
                    AddEqualities(seed, clause as BsonDocument);
                }
            }
            else if (!element.Name.StartsWith('$'))
            {
                if (!IsOperatorUpdate(element.Value))
                {
                    Paths.Set(seed, element.Name, element.Value.DeepClone());
                }
                else if (element.Value.AsBsonDocument.TryGetValue("$eq", out var eq))
                {
                    Paths.Set(seed, element.Name, eq.DeepClone());
                }
            }
        }
    }
}
