using System.Net;
using System.Net.Sockets;
using IntegrationTests.Infrastructure;

namespace IntegrationTests.MongoDb;

/// <summary>
/// Forwards loopback TCP connections to a MongoDB server, so that tests can make that server appear late or stop
/// answering mid-request (<see cref="Stall"/>) the same way against the test server and a real mongod.
/// </summary>
public sealed class TcpForwarder : LoopbackServer
{
    private readonly DnsEndPoint _target;
    private volatile TaskCompletionSource _flowing = Completed();

    private TcpForwarder(int port, DnsEndPoint target)
        : base(port)
    {
        _target = target;
        StartAccepting();
    }

    /// <summary>Starts forwarding from <paramref name="port"/> (0 = a free one) to <paramref name="target"/>.</summary>
    public static TcpForwarder Start(DnsEndPoint target, int port = 0) => new(port, target);

    /// <summary>Stops passing bytes on (connections stay open), until <see cref="Resume"/>.</summary>
    public void Stall() => _flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Passes bytes on again.</summary>
    public void Resume() => _flowing.TrySetResult();

    /// <inheritdoc />
    protected override void OnStopping() => Resume();

    /// <inheritdoc />
    protected override async Task ServeAsync(Socket client)
    {
        using var server = Track(new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true });
        client.NoDelay = true;
        await server.ConnectAsync(_target, Stopping);
        await Task.WhenAll(PumpAsync(client, server), PumpAsync(server, client));
    }

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource();
        done.SetResult();
        return done;
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, Stopping);
                if (read == 0)
                {
                    break;
                }

                await _flowing.Task.WaitAsync(Stopping);
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, Stopping);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
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
