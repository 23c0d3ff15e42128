using MongoDB.Bson;

namespace MongoTestServer;

internal sealed partial class CommandHandler
{
    private const int MaxWireVersion = 21; // MongoDB 7.0; MongoDB.Driver 3.x accepts 8 (4.2) and up

    /// <summary>
    /// The handshake answer: a standalone, writable server without compression, authentication mechanisms or
    /// topologyVersion (so the driver polls instead of streaming heartbeats). logicalSessionTimeoutMinutes makes the
    /// driver send implicit sessions (lsid), which are accepted and ignored.
    /// </summary>
    private static BsonDocument Hello(string database, BsonDocument command, int connectionId) => new()
    {
        { "helloOk", true },
        { "ismaster", true },
        { "isWritablePrimary", true },
        { "maxBsonObjectSize", 16 * 1024 * 1024 },
        { "maxMessageSizeBytes", 48_000_000 },
        { "maxWriteBatchSize", 100_000 },
        { "localTime", new BsonDateTime(DateTime.UtcNow) },
        { "logicalSessionTimeoutMinutes", 30 },
        { "connectionId", connectionId },
        { "minWireVersion", 0 },
        { "maxWireVersion", MaxWireVersion },
        { "readOnly", false },
        { "ok", 1.0 },
    };

    private static BsonDocument BuildInfo() => new()
    {
        { "version", "7.0.0" },
        { "gitVersion", "mongotestserver" },
        { "versionArray", new BsonArray { 7, 0, 0, 0 } },
        { "bits", 64 },
        { "maxBsonObjectSize", 16 * 1024 * 1024 },
        { "ok", 1.0 },
    };

    private static BsonDocument ConnectionStatus() => new()
    {
        { "authInfo", new BsonDocument { { "authenticatedUsers", new BsonArray() }, { "authenticatedUserRoles", new BsonArray() } } },
        { "ok", 1.0 },
    };

    /// <summary>The test server has no users: every authentication attempt fails as mongod's does for an unknown user.</summary>
    private static CommandError AuthenticationFailed() => new(18, "AuthenticationFailed", "Authentication failed.");

    private BsonDocument ListDatabases()
    {
        var databases = new BsonArray();
        foreach (var name in Store.DatabaseNames)
        {
            databases.Add(new BsonDocument { { "name", name }, { "sizeOnDisk", 0L }, { "empty", Store.Collections(name).Count == 0 } });
        }

        return new BsonDocument { { "databases", databases }, { "totalSize", 0L }, { "ok", 1.0 } };
    }

    private BsonDocument DropDatabase(string database)
    {
        Store.DropDatabase(database);
        return new BsonDocument { { "dropped", database }, { "ok", 1.0 } };
    }

    private BsonDocument ListCollections(string database, BsonDocument command)
    {
        var filter = OptionalDocument(command, "filter");
        var nameOnly = command.GetValue("nameOnly", false).ToBoolean();
        var results = new List<BsonDocument>();
        foreach (var (name, _) in Store.Collections(database))
        {
            var info = nameOnly
                ? new BsonDocument { { "name", name }, { "type", "collection" } }
                : new BsonDocument
                {
                    { "name", name },
                    { "type", "collection" },
                    { "options", new BsonDocument() },
                    { "info", new BsonDocument("readOnly", false) },
                    { "idIndex", CollectionData.IdIndex.ToSpec() },
                };
            if (Filter.Matches(info, filter))
            {
                results.Add(info);
            }
        }

        var batchSize = OptionalDocument(command, "cursor") is { } cursor ? OptionalInt(cursor, "batchSize") : null;
        return _cursors.FirstBatch(database + ".$cmd.listCollections", results, batchSize, singleBatch: false);
    }

    private BsonDocument Create(string database, BsonDocument command)
    {
        var name = CollectionName(command);
        if (Store.Find(database, name) is not null)
        {
            throw new CommandError(48, "NamespaceExists", $"Collection {database}.{name} already exists.");
        }

        Store.GetOrCreate(database, name, out _);
        return Ok();
    }

    private BsonDocument Drop(string database, BsonDocument command)
    {
        var name = CollectionName(command);
        var existing = Store.Find(database, name) ?? throw new CommandError(26, "NamespaceNotFound", "ns not found");
        Store.Drop(database, name);
        return new BsonDocument { { "nIndexesWas", existing.Indexes.Count }, { "ns", existing.Namespace }, { "ok", 1.0 } };
    }
}
