using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Backends.Memcached.Hashing;

/// <summary>
/// The consistent-hashing ring of libmemcached's weighted ketama distribution (<c>MEMCACHED_BEHAVIOR_KETAMA_WEIGHTED</c>,
/// a.k.a. "libketama compatible"), so a key lands on the server every other ketama client picks.
/// </summary>
/// <remarks>
/// As in libmemcached's <c>update_continuum</c> (<c>src/libmemcached/hosts.cc</c>): each live server gets
/// <c>floor(weight / totalWeight * 40 * liveServers + 1e-10) * 4</c> points (160 for equal weights), computed in single
/// precision; the points come 4 at a time from the MD5 digest of <c>"host:port-N"</c> (<c>"host-N"</c> when the port is
/// the default 11211), each the digest's next 4 bytes read little-endian; the points are sorted by value, then by server
/// position. A key's hash is the first 4 bytes of its MD5, little-endian; its server owns the first point at or above
/// that hash, wrapping to the first point. With a single configured server every key goes to it, unhashed.
/// </remarks>
internal sealed class KetamaContinuum
{
    private const int PointsPerServer = 160;
    private const int PointsPerHash = 4;
    private const int DefaultPort = 11211;

    private readonly uint[] _points;
    private readonly int[] _owners;
    private readonly int _configuredServers;

    private KetamaContinuum(uint[] points, int[] owners, int configuredServers)
    {
        _points = points;
        _owners = owners;
        _configuredServers = configuredServers;
    }

    /// <summary>Whether no server is live, so no key has a server.</summary>
    public bool IsEmpty => _points.Length == 0;

    /// <summary>The number of points on the ring.</summary>
    public int Count => _points.Length;

    /// <summary>Builds the ring over the servers for which <paramref name="isLive"/> holds.</summary>
    /// <param name="servers">All configured servers, in configuration order (positions break ties).</param>
    /// <param name="isLive">Whether the server at a position takes keys now.</param>
    public static KetamaContinuum Build(IReadOnlyList<MemcachedServerAddress> servers, Func<int, bool> isLive)
    {
        var live = 0;
        long totalWeight = 0;
        for (var i = 0; i < servers.Count; i++)
        {
            if (isLive(i))
            {
                live++;
                totalWeight += servers[i].Weight;
            }
        }

        if (live == 0)
        {
            return new KetamaContinuum([], [], servers.Count);
        }

        var entries = new List<(uint Value, int Owner)>(live * PointsPerServer);
        Span<byte> digest = stackalloc byte[16];
        for (var i = 0; i < servers.Count; i++)
        {
            if (!isLive(i))
            {
                continue;
            }

            var server = servers[i];
            var share = (float)server.Weight / (float)totalWeight;
            var points = (int)(MathF.Floor((share * PointsPerServer / PointsPerHash * (float)live) + 0.0000000001F) * PointsPerHash);
            for (var n = 0; n < points / PointsPerHash; n++)
            {
                var pointKey = server.Port == DefaultPort
                    ? string.Create(CultureInfo.InvariantCulture, $"{server.Host}-{n}")
                    : string.Create(CultureInfo.InvariantCulture, $"{server.Host}:{server.Port}-{n}");
                Md5.HashData(Encoding.UTF8.GetBytes(pointKey), digest);
                for (var a = 0; a < PointsPerHash; a++)
                {
                    entries.Add((BinaryPrimitives.ReadUInt32LittleEndian(digest[(a * 4)..]), i));
                }
            }
        }

        entries.Sort(static (x, y) => x.Value != y.Value ? x.Value.CompareTo(y.Value) : x.Owner.CompareTo(y.Owner));
        var values = new uint[entries.Count];
        var owners = new int[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            (values[i], owners[i]) = entries[i];
        }

        return new KetamaContinuum(values, owners, servers.Count);
    }

    /// <summary>The ketama hash of a key: the first 4 bytes of its MD5, little-endian.</summary>
    public static uint Hash(ReadOnlySpan<byte> key)
    {
        Span<byte> digest = stackalloc byte[16];
        Md5.HashData(key, digest);
        return BinaryPrimitives.ReadUInt32LittleEndian(digest);
    }

    /// <summary>The position of the server that owns <paramref name="key"/>, or -1 when no server is live.</summary>
    public int Locate(ReadOnlySpan<byte> key)
    {
        if (_points.Length == 0)
        {
            return -1;
        }

        if (_configuredServers == 1)
        {
            return _owners[0];
        }

        var hash = Hash(key);
        int left = 0, right = _points.Length;
        while (left < right)
        {
            var middle = left + ((right - left) / 2);
            if (_points[middle] < hash)
            {
                left = middle + 1;
            }
            else
            {
                right = middle;
            }
        }

        return _owners[right == _points.Length ? 0 : right];
    }
}
