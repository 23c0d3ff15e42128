using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace IntegrationTests.Memcached;

/// <summary>
/// A loopback TCP proxy in front of a real memcached that carries the client's bytes at a fixed, slow rate (a slow
/// uplink) and the server's answers at full speed. Its receive buffers are small, so the slowness reaches the client's
/// socket instead of being absorbed by the kernel.
/// </summary>
public sealed class SlowLinkProxy : IAsyncDisposable
{
    private const int Chunk = 8 * 1024;
    private readonly Socket _listener = new(SocketType.Stream, ProtocolType.Tcp);
    private readonly CancellationTokenSource _stop = new();
    private readonly int _targetPort;
    private readonly int _bytesPerSecond;
    private readonly List<Socket> _sockets = [];
    private readonly Task _accepting;

    /// <summary>Starts the proxy to <paramref name="targetPort"/>, carrying uploads at <paramref name="bytesPerSecond"/>.</summary>
    public SlowLinkProxy(int targetPort, int bytesPerSecond)
    {
        _targetPort = targetPort;
        _bytesPerSecond = bytesPerSecond;
        _listener.ReceiveBufferSize = Chunk; // accepted sockets inherit it
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen();
        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
        _accepting = AcceptAsync();
    }

    /// <summary>The proxy's loopback port.</summary>
    public int Port { get; }

    /// <summary>The proxy's address as configured.</summary>
    public string Host => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port}");

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        lock (_sockets)
        {
            foreach (var socket in _sockets)
            {
                socket.Dispose();
            }
        }

        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        var piping = new List<Task>();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptAsync(_stop.Token);
                var server = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                lock (_sockets)
                {
                    _sockets.Add(client);
                    _sockets.Add(server);
                }

                await server.ConnectAsync(new IPEndPoint(IPAddress.Loopback, _targetPort), _stop.Token);
                piping.Add(PipeAsync(client, server, _bytesPerSecond));
                piping.Add(PipeAsync(server, client, 0));
            }
        }
        finally
        {
            await Task.WhenAll(piping);
        }
    }

    private async Task PipeAsync(Socket from, Socket to, int bytesPerSecond)
    {
        var buffer = new byte[Chunk];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
                if (bytesPerSecond > 0)
                {
                    await Task.Delay(TimeSpan.FromSeconds((double)read / bytesPerSecond), _stop.Token);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Closed by either side or by the test.
        }
    }
}
