using System.Net;
using System.Net.Sockets;

namespace IntegrationTests.Infrastructure;

/// <summary>Loopback ports for the servers the tests start, and for addresses where nothing must answer.</summary>
public static class LoopbackPorts
{
    /// <summary>
    /// A loopback port nobody listens on now (the OS's pick, released at once). Another process may take it before the
    /// caller does: a server started on it fails clearly rather than joining someone else's.
    /// </summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
