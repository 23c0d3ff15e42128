using System.Net;
using System.Net.Sockets;
using IntegrationTests.Infrastructure;

namespace IntegrationTests.Memcached;

/// <summary>
/// A loopback TCP proxy in front of a real memcached that carries the client's bytes at a fixed, slow rate (a slow
/// uplink) and the server's answers at full speed. Its receive buffers are small, so the slowness reaches the client's
/// socket instead of being absorbed by the kernel.
/// </summary>
public sealed class SlowLinkProxy : LoopbackServer
{
    private const int Chunk = 8 * 1024;
    private readonly int _targetPort;
    private readonly int _bytesPerSecond;

    /// <summary>Starts the proxy to <paramref name="targetPort"/>, carrying uploads at <paramref name="bytesPerSecond"/>.</summary>
    public SlowLinkProxy(int targetPort, int bytesPerSecond)
        : base(receiveBufferSize: Chunk)
    {
        _targetPort = targetPort;
        _bytesPerSecond = bytesPerSecond;
        StartAccepting();
    }

    /// <inheritdoc />
    protected override async Task ServeAsync(Socket client)
    {
        using var server = Track(new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true });
        await server.ConnectAsync(new IPEndPoint(IPAddress.Loopback, _targetPort), Stopping);
        await Task.WhenAll(PipeAsync(client, server, _bytesPerSecond), PipeAsync(server, client, 0));
    }

    private async Task PipeAsync(Socket from, Socket to, int bytesPerSecond)
    {
        var buffer = new byte[Chunk];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, Stopping);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, Stopping);
                if (bytesPerSecond > 0)
                {
                    await Task.Delay(TimeSpan.FromSeconds((double)read / bytesPerSecond), Stopping);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Closed by either side or by the test.
        }
    }
}
