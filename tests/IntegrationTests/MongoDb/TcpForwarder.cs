using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace IntegrationTests.MongoDb;

/// <summary>
/// Forwards loopback TCP connections to a MongoDB server, so that tests can make that server appear late or stop
/// answering mid-request (<see cref="Stall"/>) the same way against the test server and a real mongod.
/// </summary>
public sealed class TcpForwarder : IAsyncDisposable
{
    private readonly DnsEndPoint _target;
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentBag<TcpClient> _clients = [];
    private readonly Task _accepting;
    private volatile TaskCompletionSource _flowing = Completed();

    private TcpForwarder(int port, DnsEndPoint target)
    {
        _target = target;
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    /// <summary>The port it listens on.</summary>
    public int Port { get; }

    /// <summary><c>127.0.0.1:{Port}</c>.</summary>
    public string Host => "127.0.0.1:" + Port;

    /// <summary>Starts forwarding from <paramref name="port"/> (0 = a free one) to <paramref name="target"/>.</summary>
    public static TcpForwarder Start(DnsEndPoint target, int port = 0) => new(port, target);

    /// <summary>Stops passing bytes on (connections stay open), until <see cref="Resume"/>.</summary>
    public void Stall() => _flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Passes bytes on again.</summary>
    public void Resume() => _flowing.TrySetResult();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        Resume();
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // stopped
        }

        _stopping.Dispose();
    }

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource();
        done.SetResult();
        return done;
    }

    private async Task AcceptAsync()
    {
        var pumps = new List<Task>();
        try
        {
            while (true)
            {
                var inbound = await _listener.AcceptTcpClientAsync(_stopping.Token);
                var outbound = new TcpClient();
                _clients.Add(inbound);
                _clients.Add(outbound);
                await outbound.ConnectAsync(_target.Host, _target.Port, _stopping.Token);
                pumps.Add(PumpAsync(inbound, outbound));
                pumps.Add(PumpAsync(outbound, inbound));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // stopped
        }

        await Task.WhenAll(pumps);
    }

    private async Task PumpAsync(TcpClient from, TcpClient to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            var source = from.GetStream();
            var sink = to.GetStream();
            while (true)
            {
                var read = await source.ReadAsync(buffer, _stopping.Token);
                if (read == 0)
                {
                    break;
                }

                await _flowing.Task.WaitAsync(_stopping.Token);
                await sink.WriteAsync(buffer.AsMemory(0, read), _stopping.Token);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // one side went away
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }
}
