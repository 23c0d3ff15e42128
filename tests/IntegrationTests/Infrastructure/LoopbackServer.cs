using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace IntegrationTests.Infrastructure;

/// <summary>
/// The life cycle shared by the tests' loopback TCP servers and proxies: a listener on <c>127.0.0.1</c>, an accept loop
/// that hands each connection to <see cref="ServeAsync"/>, and a <see cref="DisposeAsync"/> that stops accepting, closes
/// every socket the server accepted or opened (<see cref="Track"/>) and waits for every connection to end.
/// </summary>
public abstract class LoopbackServer : IAsyncDisposable
{
    private readonly Socket _listener = new(SocketType.Stream, ProtocolType.Tcp);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _sockets = [];
    private Task _accepting = Task.CompletedTask;
    private bool _stopped;

    /// <summary>Binds and listens; accepting starts with <see cref="StartAccepting"/>, once the derived server is set up.</summary>
    /// <param name="port">The port, or 0 for a free one.</param>
    /// <param name="receiveBufferSize">The receive buffer of every accepted socket (they inherit the listener's), or the system's.</param>
    protected LoopbackServer(int port = 0, int? receiveBufferSize = null)
    {
        if (receiveBufferSize is { } size)
        {
            _listener.ReceiveBufferSize = size;
        }

        _listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
        _listener.Listen();
        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
    }

    /// <summary>The loopback port.</summary>
    public int Port { get; }

    /// <summary>The address as configured: <c>127.0.0.1:{Port}</c>.</summary>
    public string Host => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port}");

    /// <summary>Cancelled when the server is disposed.</summary>
    protected CancellationToken Stopping => _stop.Token;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        OnStopping();
        lock (_sockets)
        {
            _stopped = true;
            foreach (var socket in _sockets)
            {
                socket.Dispose();
            }
        }

        await _accepting;
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Starts the accept loop; the derived constructor calls it last.</summary>
    protected void StartAccepting() => _accepting = AcceptAsync();

    /// <summary>Serves one accepted connection until it or the server closes (the socket is closed after); socket errors and cancellation end it quietly.</summary>
    protected abstract Task ServeAsync(Socket client);

    /// <summary>Runs when disposal starts, before the sockets are closed (to release what a connection may wait on).</summary>
    protected virtual void OnStopping()
    {
    }

    /// <summary>Closes <paramref name="socket"/> with the server: every socket the server opens goes through here.</summary>
    protected Socket Track(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        lock (_sockets)
        {
            if (_stopped)
            {
                socket.Dispose();
            }
            else
            {
                _sockets.Add(socket);
            }
        }

        return socket;
    }

    private async Task AcceptAsync()
    {
        var serving = new List<Task>();
        try
        {
            while (true)
            {
                var client = Track(await _listener.AcceptAsync(_stop.Token));
                serving.Add(ServeQuietlyAsync(client));
            }
        }
        catch (Exception ex) when (IsClosing(ex))
        {
            // Stopped.
        }

        await Task.WhenAll(serving);
    }

    private async Task ServeQuietlyAsync(Socket client)
    {
        try
        {
            await ServeAsync(client);
        }
        catch (Exception ex) when (IsClosing(ex))
        {
            // The other side or the test closed the connection.
        }
        finally
        {
            client.Dispose();
        }
    }

    private static bool IsClosing(Exception ex) => ex is OperationCanceledException or SocketException or ObjectDisposedException or IOException;
}
