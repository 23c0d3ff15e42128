using MongoDB.Bson;

namespace MongoTestServer;

/// <summary>A failed command, answered as <c>{ ok: 0, errmsg, code, codeName }</c> (the driver raises MongoCommandException).</summary>
internal sealed class CommandError : Exception
{
    public CommandError(int code, string codeName, string message)
        : base(message)
    {
        Code = code;
        CodeName = codeName;
    }

    public int Code { get; }

    public string CodeName { get; }

    public static CommandError BadValue(string message) => new(2, "BadValue", message);

    public static CommandError NotSupported(string what) =>
        new(115, "CommandNotSupported", $"{what} is not supported by the test server (tests/MongoTestServer/README.md lists what is).");

    public static CommandError NamespaceNotFound(string ns) => new(26, "NamespaceNotFound", $"ns does not exist: {ns}");

    public BsonDocument ToReply() => new()
    {
        { "ok", 0.0 },
        { "errmsg", Message },
        { "code", Code },
        { "codeName", CodeName },
    };

    public BsonDocument ToWriteError(int index) => new()
    {
        { "index", index },
        { "code", Code },
        { "errmsg", Message },
    };
}
