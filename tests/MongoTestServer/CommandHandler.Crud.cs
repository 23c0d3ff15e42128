using MongoDB.Bson;

namespace MongoTestServer;

internal sealed partial class CommandHandler
{
    private BsonDocument Insert(string database, BsonDocument command)
    {
        var collection = Store.GetOrCreate(database, CollectionName(command), out _);
        var ordered = command.GetValue("ordered", true).ToBoolean();
        var writeErrors = new BsonArray();
        var inserted = 0;
        var documents = command.GetValue("documents", new BsonArray()).AsBsonArray;
        for (var i = 0; i < documents.Count; i++)
        {
            var document = documents[i].AsBsonDocument.DeepClone().AsBsonDocument;
            if (!document.Contains("_id"))
            {
                document.InsertAt(0, new BsonElement("_id", ObjectId.GenerateNewId()));
            }

            try
            {
                collection.CheckUnique(document, self: null);
                collection.Documents.Add(document);
                inserted++;
            }
            catch (CommandError error)
            {
                writeErrors.Add(error.ToWriteError(i));
                if (ordered)
                {
                    break;
                }
            }
        }

        return WriteReply(inserted, writeErrors);
    }

    private BsonDocument Find(string database, BsonDocument command)
    {
        var name = CollectionName(command);
        var limit = OptionalInt(command, "limit") ?? 0;
        var results = Select(database, name, OptionalDocument(command, "filter"), OptionalDocument(command, "sort"),
            OptionalInt(command, "skip") ?? 0, Math.Abs(limit));
        var projection = OptionalDocument(command, "projection");
        var singleBatch = command.GetValue("singleBatch", false).ToBoolean() || limit < 0;
        return _cursors.FirstBatch(database + "." + name, results.Select(d => Query.Project(d, projection)), OptionalInt(command, "batchSize"), singleBatch);
    }

    /// <summary>Copies of the matching documents, sorted, skipped and limited (0 = no limit).</summary>
    private List<BsonDocument> Select(string database, string collection, BsonDocument? filter, BsonDocument? sort, int skip, int limit)
    {
        var data = Store.Find(database, collection);
        if (data is null)
        {
            Filter.Matches([], filter); // still reject an unknown operator
            return [];
        }

        IEnumerable<BsonDocument> results = Query.Sort(data.Documents.Where(d => Filter.Matches(d, filter)), sort).Skip(skip);
        if (limit > 0)
        {
            results = results.Take(limit);
        }

        return [.. results.Select(d => d.DeepClone().AsBsonDocument)];
    }

    private BsonDocument GetMore(string database, BsonDocument command)
    {
        var id = command[0].ToInt64();
        var collection = command.GetValue("collection").AsString;
        return _cursors.NextBatch(id, database + "." + collection, OptionalInt(command, "batchSize"));
    }

    private BsonDocument KillCursors(string database, BsonDocument command)
    {
        var killed = new BsonArray();
        var notFound = new BsonArray();
        foreach (var id in command.GetValue("cursors", new BsonArray()).AsBsonArray)
        {
            (_cursors.Kill(id.ToInt64()) ? killed : notFound).Add(id);
        }

        return new BsonDocument
        {
            { "cursorsKilled", killed }, { "cursorsNotFound", notFound },
            { "cursorsAlive", new BsonArray() }, { "cursorsUnknown", new BsonArray() }, { "ok", 1.0 },
        };
    }

    private BsonDocument Update(string database, BsonDocument command)
    {
        var collection = Store.GetOrCreate(database, CollectionName(command), out _);
        var ordered = command.GetValue("ordered", true).ToBoolean();
        var writeErrors = new BsonArray();
        var upserted = new BsonArray();
        int matched = 0, modified = 0;
        var statements = command.GetValue("updates", new BsonArray()).AsBsonArray;
        for (var i = 0; i < statements.Count; i++)
        {
            var statement = statements[i].AsBsonDocument;
            try
            {
                var result = UpdateOne(collection, statement.GetValue("q", new BsonDocument()).AsBsonDocument, statement["u"],
                    statement.GetValue("upsert", false).ToBoolean(), statement.GetValue("multi", false).ToBoolean());
                matched += result.Matched;
                modified += result.Modified;
                if (result.UpsertedId is { } id)
                {
                    upserted.Add(new BsonDocument { { "index", i }, { "_id", id } });
                }
            }
            catch (CommandError error)
            {
                writeErrors.Add(error.ToWriteError(i));
                if (ordered)
                {
                    break;
                }
            }
        }

        var reply = WriteReply(matched + upserted.Count, writeErrors);
        reply.InsertAt(1, new BsonElement("nModified", modified));
        if (upserted.Count > 0)
        {
            reply.InsertAt(2, new BsonElement("upserted", upserted));
        }

        return reply;
    }

    private readonly record struct UpdateResult(int Matched, int Modified, BsonValue? UpsertedId, BsonDocument? Before, BsonDocument? After);

    private static UpdateResult UpdateOne(CollectionData collection, BsonDocument query, BsonValue update, bool upsert, bool multi, BsonDocument? sort = null)
    {
        var matches = Query.Sort(collection.Documents.Where(d => Filter.Matches(d, query)), sort);
        if (!multi && matches.Count > 1)
        {
            matches.RemoveRange(1, matches.Count - 1);
        }

        if (matches.Count == 0)
        {
            return upsert ? Upsert(collection, query, update) : default;
        }

        int modified = 0;
        BsonDocument? before = null, after = null;
        foreach (var document in matches)
        {
            var updated = Updates.Apply(document, update, inserting: false);
            collection.CheckUnique(updated, self: document);
            before ??= document.DeepClone().AsBsonDocument;
            after ??= updated;
            if (!BsonOrder.Equal(updated, document))
            {
                collection.Documents[collection.Documents.FindIndex(d => ReferenceEquals(d, document))] = updated;
                modified++;
            }
        }

        return new UpdateResult(matches.Count, modified, null, before, after?.DeepClone().AsBsonDocument);
    }

    private static UpdateResult Upsert(CollectionData collection, BsonDocument query, BsonValue update)
    {
        var seed = Updates.SeedFromQuery(query);
        BsonDocument document;
        if (Updates.IsOperatorUpdate(update))
        {
            document = Updates.Apply(seed, update, inserting: true);
        }
        else
        {
            document = update.AsBsonDocument.DeepClone().AsBsonDocument;
            if (!document.Contains("_id") && seed.TryGetValue("_id", out var seededId))
            {
                document.InsertAt(0, new BsonElement("_id", seededId));
            }
        }

        if (!document.Contains("_id"))
        {
            document.InsertAt(0, new BsonElement("_id", ObjectId.GenerateNewId()));
        }
        else if (document.IndexOfName("_id") != 0)
        {
            var id = document["_id"];
            document.Remove("_id");
            document.InsertAt(0, new BsonElement("_id", id));
        }

        collection.CheckUnique(document, self: null);
        collection.Documents.Add(document);
        return new UpdateResult(0, 0, document["_id"], null, document.DeepClone().AsBsonDocument);
    }

    private BsonDocument Delete(string database, BsonDocument command)
    {
        var collection = Store.Find(database, CollectionName(command));
        var deleted = 0;
        foreach (var statement in command.GetValue("deletes", new BsonArray()).AsBsonArray.Select(s => s.AsBsonDocument))
        {
            var query = statement.GetValue("q", new BsonDocument()).AsBsonDocument;
            var limit = statement.GetValue("limit", 0).ToInt32();
            if (collection is null)
            {
                Filter.Matches([], query);
                continue;
            }

            var matches = collection.Documents.Where(d => Filter.Matches(d, query)).ToList();
            foreach (var document in limit == 1 ? matches.Take(1) : matches)
            {
                collection.Documents.RemoveAt(collection.Documents.FindIndex(d => ReferenceEquals(d, document)));
                deleted++;
            }
        }

        return WriteReply(deleted, []);
    }

    private BsonDocument FindAndModify(string database, BsonDocument command)
    {
        var collection = Store.GetOrCreate(database, CollectionName(command), out _);
        var query = OptionalDocument(command, "query") ?? [];
        var sort = OptionalDocument(command, "sort");
        var fields = OptionalDocument(command, "fields");
        var returnNew = command.GetValue("new", false).ToBoolean();
        BsonValue value = BsonNull.Value;
        var lastError = new BsonDocument();
        if (command.GetValue("remove", false).ToBoolean())
        {
            var match = Query.Sort(collection.Documents.Where(d => Filter.Matches(d, query)), sort).FirstOrDefault();
            if (match is not null)
            {
                collection.Documents.RemoveAt(collection.Documents.FindIndex(d => ReferenceEquals(d, match)));
                value = Query.Project(match, fields);
            }

            lastError.Add("n", match is null ? 0 : 1);
        }
        else
        {
            var update = command.GetValue("update", BsonNull.Value);
            if (update.IsBsonNull)
            {
                throw new CommandError(9, "FailedToParse", "Either an update or remove=true must be specified");
            }

            var result = UpdateOne(collection, query, update, command.GetValue("upsert", false).ToBoolean(), multi: false, sort);
            var shown = returnNew ? result.After : result.Before;
            if (shown is not null)
            {
                value = Query.Project(shown, fields);
            }

            lastError.Add("n", result.Matched + (result.UpsertedId is null ? 0 : 1));
            lastError.Add("updatedExisting", result.Matched > 0);
            if (result.UpsertedId is { } id)
            {
                lastError.Add("upserted", id);
            }
        }

        return new BsonDocument { { "lastErrorObject", lastError }, { "value", value }, { "ok", 1.0 } };
    }

    private BsonDocument Count(string database, BsonDocument command)
    {
        var results = Select(database, CollectionName(command), OptionalDocument(command, "query"), null,
            OptionalInt(command, "skip") ?? 0, Math.Abs(OptionalInt(command, "limit") ?? 0));
        return new BsonDocument { { "n", results.Count }, { "ok", 1.0 } };
    }

    /// <summary>A small aggregation: <c>$match $sort $skip $limit $project $count</c> and <c>$group</c> with <c>$sum</c>.</summary>
    private BsonDocument Aggregate(string database, BsonDocument command)
    {
        var name = command[0] is BsonString s ? s.Value : throw CommandError.NotSupported("A database-level aggregate");
        IEnumerable<BsonDocument> documents = Select(database, name, null, null, 0, 0);
        foreach (var stage in command.GetValue("pipeline", new BsonArray()).AsBsonArray.Select(v => v.AsBsonDocument))
        {
            var op = stage.GetElement(0);
            documents = op.Name switch
            {
                "$match" => [.. documents.Where(d => Filter.Matches(d, op.Value.AsBsonDocument))],
                "$sort" => Query.Sort(documents, op.Value.AsBsonDocument),
                "$skip" => [.. documents.Skip(op.Value.ToInt32())],
                "$limit" => [.. documents.Take(op.Value.ToInt32())],
                "$project" => [.. documents.Select(d => Query.Project(d, op.Value.AsBsonDocument))],
                "$count" => documents.Count() is var n and > 0 ? [new BsonDocument(op.Value.AsString, n)] : [], // none: no document, as MongoDB
                "$group" => Group(documents, op.Value.AsBsonDocument),
                _ => throw CommandError.NotSupported($"The aggregation stage {op.Name}"),
            };
        }

        var list = documents.ToList();
        var batchSize = OptionalDocument(command, "cursor") is { } cursor ? OptionalInt(cursor, "batchSize") : null;
        return _cursors.FirstBatch(database + "." + name, list, batchSize, singleBatch: false);
    }

    private static List<BsonDocument> Group(IEnumerable<BsonDocument> documents, BsonDocument spec)
    {
        var groups = new List<(BsonValue Key, BsonDocument Result)>();
        foreach (var document in documents)
        {
            var key = Expression(document, spec["_id"]);
            var group = groups.FirstOrDefault(g => BsonOrder.Equal(g.Key, key)).Result;
            if (group is null)
            {
                group = new BsonDocument("_id", key);
                groups.Add((key, group));
            }

            foreach (var accumulator in spec.Where(e => e.Name != "_id"))
            {
                var op = accumulator.Value.AsBsonDocument.GetElement(0);
                if (op.Name != "$sum")
                {
                    throw CommandError.NotSupported($"The accumulator {op.Name}");
                }

                var add = Expression(document, op.Value);
                var current = group.GetValue(accumulator.Name, 0);
                group[accumulator.Name] = add.IsNumeric
                    ? current.BsonType == BsonType.Int32 && add.BsonType == BsonType.Int32 ? current.ToInt32() + add.ToInt32() : current.ToDouble() + add.ToDouble()
                    : current;
            }
        }

        return [.. groups.Select(g => g.Result)];
    }

    /// <summary>A constant, or a <c>"$field"</c> path.</summary>
    private static BsonValue Expression(BsonDocument document, BsonValue expression) =>
        expression is BsonString { Value: ['$', .. var path] }
            ? Paths.Resolve(document, path) is [var value, ..] ? value : BsonNull.Value
            : expression;

    private static BsonDocument WriteReply(int n, BsonArray writeErrors)
    {
        var reply = new BsonDocument("n", n);
        if (writeErrors.Count > 0)
        {
            reply.Add("writeErrors", writeErrors);
        }

        reply.Add("ok", 1.0);
        return reply;
    }
}
