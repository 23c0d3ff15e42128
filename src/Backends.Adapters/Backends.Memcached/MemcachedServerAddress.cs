using System.Globalization;
using System.Net;

namespace Backends.Memcached;

/// <summary>One memcached server as configured: <c>host:port</c>, optionally with a ketama weight (<c>host:port:weight</c>).</summary>
/// <param name="Host">The host name or address, exactly as written (it is part of the ketama point names).</param>
/// <param name="Port">The TCP port.</param>
/// <param name="Weight">The ketama weight; a server with weight 2 takes about twice the keys of one with weight 1.</param>
public sealed record MemcachedServerAddress(string Host, int Port, int Weight = 1)
{
    /// <summary>The default memcached port.</summary>
    public const int DefaultPort = 11211;

    /// <summary><c>host:port</c>.</summary>
    public override string ToString() =>
        Host.Contains(':', StringComparison.Ordinal)
            ? string.Create(CultureInfo.InvariantCulture, $"[{Host}]:{Port}")
            : string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}");

    /// <summary>The endpoint to connect to.</summary>
    public EndPoint ToEndPoint() =>
        IPAddress.TryParse(Host, out var address) ? new IPEndPoint(address, Port) : new DnsEndPoint(Host, Port);

    /// <summary>Parses <c>host</c>, <c>host:port</c>, <c>host:port:weight</c> or <c>[ipv6]:port[:weight]</c>.</summary>
    /// <exception cref="FormatException">The text is not a server address.</exception>
    public static MemcachedServerAddress Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var s = text.Trim();
        string host;
        string rest;
        if (s.StartsWith('['))
        {
            var close = s.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw Invalid(text);
            }

            host = s[1..close];
            rest = s[(close + 1)..];
            if (rest.Length > 0 && rest[0] != ':')
            {
                throw Invalid(text);
            }

            rest = rest.Length > 0 ? rest[1..] : "";
        }
        else
        {
            var colon = s.IndexOf(':', StringComparison.Ordinal);
            host = colon < 0 ? s : s[..colon];
            rest = colon < 0 ? "" : s[(colon + 1)..];
        }

        if (host.Length == 0)
        {
            throw Invalid(text);
        }

        var parts = rest.Length == 0 ? [] : rest.Split(':');
        if (parts.Length > 2)
        {
            throw Invalid(text);
        }

        var port = DefaultPort;
        if (parts.Length > 0 && (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            throw Invalid(text);
        }

        var weight = 1;
        if (parts.Length > 1 && (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out weight) || weight < 1))
        {
            throw Invalid(text);
        }

        return new MemcachedServerAddress(host, port, weight);
    }

    private static FormatException Invalid(string text) =>
        new($"\"{text}\" is not a memcached server address: write \"host:port\" (for example \"127.0.0.1:11211\"), optionally \"host:port:weight\".");
}
