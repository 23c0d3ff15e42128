using MongoDB.Bson;

namespace MongoTestServer;

/// <summary>
/// Runs one command against the <see cref="Store"/> and returns its reply document. Commands are looked up by their
/// first field's name; each runs whole under the store's lock. An unknown command answers CommandNotFound (59).
/// </summary>
internal sealed partial class CommandHandler
{
    private readonly Dictionary<string, Func<string, BsonDocument, int, BsonDocument>> _commands;
    private readonly Cursors _cursors = new();

    public CommandHandler(Store store)
    {
        Store = store;
        _commands = new(StringComparer.OrdinalIgnoreCase)
        {
            // handshake and administration (CommandHandler.Admin.cs)
            ["hello"] = Hello,
            ["isMaster"] = Hello,
            ["ping"] = (_, _, _) => Ok(),
            ["buildInfo"] = (_, _, _) => BuildInfo(),
            ["endSessions"] = (_, _, _) => Ok(),
            ["killSessions"] = (_, _, _) => Ok(),
            ["connectionStatus"] = (_, _, _) => ConnectionStatus(),
            ["saslStart"] = (_, _, _) => throw AuthenticationFailed(),
            ["saslContinue"] = (_, _, _) => throw AuthenticationFailed(),
            ["authenticate"] = (_, _, _) => throw AuthenticationFailed(),
            ["listDatabases"] = (_, _, _) => ListDatabases(),
            ["dropDatabase"] = (db, _, _) => DropDatabase(db),
            ["listCollections"] = (db, c, _) => ListCollections(db, c),
            ["create"] = (db, c, _) => Create(db, c),
            ["drop"] = (db, c, _) => Drop(db, c),
            // documents (CommandHandler.Crud.cs)
            ["insert"] = (db, c, _) => Insert(db, c),
            ["find"] = (db, c, _) => Find(db, c),
            ["getMore"] = (db, c, _) => GetMore(db, c),
            ["killCursors"] = (db, c, _) => KillCursors(db, c),
            ["update"] = (db, c, _) => Update(db, c),
            ["delete"] = (db, c, _) => Delete(db, c),
            ["findAndModify"] = (db, c, _) => FindAndModify(db, c),
            ["count"] = (db, c, _) => Count(db, c),
            ["aggregate"] = (db, c, _) => Aggregate(db, c),
            // indexes (CommandHandler.Indexes.cs)
            ["createIndexes"] = (db, c, _) => CreateIndexes(db, c),
            ["listIndexes"] = (db, c, _) => ListIndexes(db, c),
            ["dropIndexes"] = (db, c, _) => DropIndexes(db, c),
        };
    }

    public Store Store { get; }

    public BsonDocument Handle(string database, BsonDocument command, int connectionId)
    {
        var name = command.ElementCount > 0 ? command.GetElement(0).Name : "";
        try
        {
            if (!_commands.TryGetValue(name, out var run))
            {
                throw new CommandError(59, "CommandNotFound", $"no such command: '{name}'");
            }

            lock (Store.Gate)
            {
                return run(database, command, connectionId);
            }
        }
        catch (CommandError error)
        {
            return error.ToReply();
        }
        catch (Exception ex) when (ex is InvalidCastException or KeyNotFoundException or ArgumentException or FormatException or OverflowException)
        {
            // A malformed command: answer like the server does for a bad shape instead of dropping the connection.
            return new CommandError(9, "FailedToParse", $"{name}: {ex.Message}").ToReply();
        }
        catch (Exception ex) when (ex is NullReferenceException or InvalidOperationException or IndexOutOfRangeException or NotSupportedException)
        {
            // A bug of this server: answer it, so the test that hit it fails with this message instead of a timeout.
            return new CommandError(1, "InternalError", $"{name}: MongoTestServer failed: {ex}").ToReply();
        }
    }

    private static BsonDocument Ok() => new("ok", 1.0);

    private static string CollectionName(BsonDocument command) =>
        command[0] is BsonString name ? name.Value : throw new CommandError(73, "InvalidNamespace", $"collection name has invalid type {command[0].BsonType}");

    private static BsonDocument? OptionalDocument(BsonDocument command, string field) =>
        command.TryGetValue(field, out var value) && value is BsonDocument document ? document : null;

    private static int? OptionalInt(BsonDocument command, string field) =>
        command.TryGetValue(field, out var value) && value.IsNumeric ? value.ToInt32() : null;
}
