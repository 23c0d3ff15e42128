using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MongoDB.Bson;

namespace MongoTestServer;

/// <summary>Options of a <see cref="MongoWireServer"/>.</summary>
public sealed class MongoWireServerOptions
{
    /// <summary>How often expired documents of TTL indexes are removed. Default 60 seconds, like mongod's TTL monitor.</summary>
    public TimeSpan TtlMonitorInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Where to write one line per request and reply (for debugging a test); default: standard error when the
    /// environment variable <c>MONGOTESTSERVER_TRACE</c> is set, else nowhere.</summary>
    public TextWriter? Trace { get; init; } = Environment.GetEnvironmentVariable("MONGOTESTSERVER_TRACE") is { Length: > 0 } ? Console.Error : null;
}

/// <summary>
/// An in-memory MongoDB server for tests: listens on a loopback port and answers, over the real wire protocol, the
/// commands BackendGen's adapter and tests use (see README.md). Not a database: one lock, no persistence, no auth.
/// </summary>
public sealed class MongoWireServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<int, TcpClient> _clients = new();
    private readonly Task _accepting;
    private readonly Timer _ttlMonitor;
    private readonly CommandHandler _handler;
    private readonly TextWriter? _trace;
    private int _connectionIds;
    private int _requestIds;

    private MongoWireServer(int port, MongoWireServerOptions options)
    {
        _handler = new CommandHandler(new Store());
        _trace = options.Trace;
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ttlMonitor = new Timer(_ => _handler.Store.RemoveExpired(DateTime.UtcNow), null, options.TtlMonitorInterval, options.TtlMonitorInterval);
        _accepting = AcceptAsync();
    }

    /// <summary>The port it listens on (on 127.0.0.1).</summary>
    public int Port { get; }

    /// <summary><c>mongodb://127.0.0.1:{Port}</c>.</summary>
    public string ConnectionString => $"mongodb://127.0.0.1:{Port}";

    /// <summary>The address as the adapter's <c>hosts</c> setting writes it.</summary>
    public string Host => $"127.0.0.1:{Port}";

    /// <summary>Starts a server on <paramref name="port"/> (0 = a free port).</summary>
    public static MongoWireServer Start(int port = 0, MongoWireServerOptions? options = null) =>
        new(port, options ?? new MongoWireServerOptions());

    /// <summary>Removes, now, every document that a TTL index says has expired (what the monitor does periodically).</summary>
    public void RunTtlMonitor() => _handler.Store.RemoveExpired(DateTime.UtcNow);

    /// <summary>Stops listening and closes every connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync();
        _listener.Stop();
        await _ttlMonitor.DisposeAsync();
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // stopped
        }

        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        var connections = new List<Task>();
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stopping.Token);
                client.NoDelay = true;
                var id = Interlocked.Increment(ref _connectionIds);
                _clients[id] = client;
                connections.Add(ServeAsync(id, client));
                connections.RemoveAll(t => t.IsCompleted);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // stopped
        }

        await Task.WhenAll(connections);
    }

    private async Task ServeAsync(int connectionId, TcpClient client)
    {
        var token = _stopping.Token;
        try
        {
            await using var stream = client.GetStream();
            var header = new byte[Wire.HeaderLength];
            while (!token.IsCancellationRequested)
            {
                await stream.ReadExactlyAsync(header, token);
                var length = BinaryPrimitives.ReadInt32LittleEndian(header);
                var requestId = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(4));
                var opCode = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(12));
                if (length < Wire.HeaderLength || length > 48_000_000)
                {
                    return;
                }

                var body = new byte[length - Wire.HeaderLength];
                await stream.ReadExactlyAsync(body, token);

                byte[] answer;
                switch (opCode)
                {
                    case Wire.OpMsg:
                    {
                        var (flags, command) = Wire.ParseMsg(body);
                        var database = command.GetValue("$db", "admin").AsString;
                        var reply = _handler.Handle(database, command, connectionId);
                        Log(connectionId, "OP_MSG", database, command, reply);
                        if ((flags & Wire.MoreToCome) != 0)
                        {
                            continue; // unacknowledged: the client expects no answer
                        }

                        answer = Wire.Msg(NextRequestId(), requestId, reply);
                        break;
                    }

                    case Wire.OpQuery:
                    {
                        var (database, command) = Wire.ParseQuery(body);
                        var reply = _handler.Handle(database, command, connectionId);
                        Log(connectionId, "OP_QUERY", database, command, reply);
                        answer = Wire.Reply(NextRequestId(), requestId, reply);
                        break;
                    }

                    default:
                        return; // OP_COMPRESSED is never negotiated; anything else is not spoken here
                }

                await stream.WriteAsync(answer, token);
            }
        }
        catch (Exception ex) when (ex is IOException or EndOfStreamException or OperationCanceledException or ObjectDisposedException or SocketException or InvalidDataException)
        {
            // the client went away, or the server is stopping
        }
        finally
        {
            _clients.TryRemove(connectionId, out _);
            client.Dispose();
        }
    }

    private void Log(int connectionId, string opCode, string database, BsonDocument command, BsonDocument reply)
    {
        if (_trace is not null)
        {
            lock (_trace)
            {
                _trace.WriteLine($"[{connectionId}] {opCode} {database} {command.ToJson()} => {reply.ToJson()}");
            }
        }
    }

    private int NextRequestId() => Interlocked.Increment(ref _requestIds);
}
