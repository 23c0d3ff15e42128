using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Backends.Memcached;
using Backends.Memcached.Hashing;

namespace IntegrationTests.Memcached;

#pragma warning disable CA5351 // ketama is defined over MD5; it places keys, it protects nothing

/// <summary>
/// Keys must land on the server every other ketama client picks. Checked three ways: fixed vectors (taken from
/// libmemcached 1.1.4 with MEMCACHED_BEHAVIOR_KETAMA_WEIGHTED), an independent re-derivation of the algorithm, and
/// libmemcached itself, called live, over thousands of random keys.
/// </summary>
public sealed class KetamaCompatibilityTests
{
    private static readonly string[] s_vectorKeys =
        ["foo", "bar", "baz", "user:1", "user:2", "session:abc123", "ünïcödé", "a", "zzzzzzzzzz", "key-with-dashes_and_underscores", "12345", "cart:42:items", new string('x', 250)];

    public static TheoryData<string[], int[]> Vectors => new()
    {
        { ["127.0.0.1:11311", "127.0.0.1:11312", "127.0.0.1:11313"], [0, 2, 2, 0, 2, 1, 0, 1, 2, 2, 0, 1, 1] },
        // Port 11211 is left out of the point names ("host-N"), as libmemcached does.
        { ["10.0.0.1:11211", "10.0.0.2:11211", "cache-3.example:11211", "10.0.0.4:22122"], [1, 1, 0, 1, 2, 3, 3, 1, 3, 2, 2, 0, 2] },
        { ["127.0.0.1:11311:1", "127.0.0.1:11312:2", "127.0.0.1:11313:3"], [2, 2, 2, 2, 2, 1, 2, 1, 2, 2, 2, 1, 1] },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public async Task Keys_map_to_the_servers_libmemcached_picks(string[] hosts, int[] expected)
    {
        await using var client = Client(hosts);
        var actual = s_vectorKeys.Select(k => client.Servers.ToList().IndexOf(client.GetServer(k)!)).ToArray();
        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public async Task Keys_map_as_an_independent_derivation_of_the_algorithm_says(string[] hosts, int[] expected)
    {
        _ = expected;
        await using var client = Client(hosts);
        var servers = client.Servers;
        var random = new Random(7);
        for (var i = 0; i < 5000; i++)
        {
            var key = "k" + random.NextInt64().ToString(CultureInfo.InvariantCulture) + "/" + i.ToString(CultureInfo.InvariantCulture);
            Assert.Equal(ReferenceLocate(servers, key), servers.ToList().IndexOf(client.GetServer(key)!));
        }
    }

    [Fact]
    public async Task Keys_map_as_libmemcached_maps_them_live()
    {
        // libmemcached11 comes with Debian's libmemcached-tools (installed for the tests and benchmarks).
        Assert.True(
            NativeLibrary.TryLoad("libmemcached.so.11", out var handle),
            "libmemcached.so.11 is missing: install Debian's libmemcached-tools (scripts/install-test-deps.sh does).");
        NativeLibrary.Free(handle);

        string[][] layouts =
        [
            ["127.0.0.1:11311", "127.0.0.1:11312", "127.0.0.1:11313"],
            ["127.0.0.1:11211", "127.0.0.2:11211"],
            ["a.example:11211", "b.example:11212", "c.example:11213", "d.example:11214", "e.example:11215"],
            ["127.0.0.1:20001:1", "127.0.0.1:20002:5", "127.0.0.1:20003:2", "127.0.0.1:20004:1"],
            ["only.example:11211"],
        ];
        var random = new Random(11);
        foreach (var hosts in layouts)
        {
            await using var client = Client(hosts);
            var servers = client.Servers.ToList();
            var memc = LibMemcached.memcached_create(IntPtr.Zero);
            try
            {
                Assert.Equal(0, LibMemcached.memcached_behavior_set(memc, LibMemcached.BehaviorKetamaWeighted, 1));
                foreach (var server in servers)
                {
                    Assert.Equal(0, LibMemcached.memcached_server_add_with_weight(memc, Encoding.UTF8.GetBytes(server.Host + "\0"), (ushort)server.Port, (uint)server.Weight));
                }

                for (var i = 0; i < 4000; i++)
                {
                    var bytes = new byte[random.Next(1, 250)];
                    for (var b = 0; b < bytes.Length; b++)
                    {
                        bytes[b] = (byte)random.Next(0x21, 0x7f);
                    }

                    var key = Encoding.ASCII.GetString(bytes);
                    var theirs = (int)LibMemcached.memcached_generate_hash(memc, bytes, (nuint)bytes.Length);
                    var ours = servers.IndexOf(client.GetServer(key)!);
                    Assert.True(theirs == ours, $"\"{key}\" on [{string.Join(", ", hosts)}]: libmemcached picks {theirs}, we pick {ours}.");
                }
            }
            finally
            {
                LibMemcached.memcached_free(memc);
            }
        }
    }

    [Fact]
    public void Md5_matches_the_platform_md5()
    {
        var random = new Random(3);
        Span<byte> ours = stackalloc byte[16];
        for (var length = 0; length < 300; length++)
        {
            var data = new byte[length];
            random.NextBytes(data);
            Md5.HashData(data, ours);
            Assert.Equal(MD5.HashData(data), ours.ToArray());
        }
    }

    [Fact]
    public async Task Removing_a_server_moves_only_its_keys()
    {
        await using var three = Client(["127.0.0.1:11311", "127.0.0.1:11312", "127.0.0.1:11313"]);
        await using var two = Client(["127.0.0.1:11311", "127.0.0.1:11313"]);
        for (var i = 0; i < 2000; i++)
        {
            var key = "move:" + i.ToString(CultureInfo.InvariantCulture);
            var before = three.GetServer(key)!;
            if (before.Port != 11312)
            {
                Assert.Equal(before, two.GetServer(key));
            }
        }
    }

    private static MemcachedClient Client(string[] hosts)
    {
        var options = new MemcachedClientOptions();
        foreach (var host in hosts)
        {
            options.Servers.Add(MemcachedServerAddress.Parse(host));
        }

        return new MemcachedClient(options);
    }

    /// <summary>libmemcached's weighted ketama, written out plainly from its update_continuum and dispatch_host.</summary>
    private static int ReferenceLocate(IReadOnlyList<MemcachedServerAddress> servers, string key)
    {
        if (servers.Count == 1)
        {
            return 0;
        }

        var total = servers.Sum(s => s.Weight);
        var points = new List<(uint Value, int Index)>();
        for (var i = 0; i < servers.Count; i++)
        {
            var server = servers[i];
            var share = (float)server.Weight / total;
            var count = (int)(Math.Floor((share * 160f / 4f * servers.Count) + 0.0000000001f) * 4);
            for (var n = 0; n < count / 4; n++)
            {
                var name = server.Port == 11211 ? $"{server.Host}-{n}" : $"{server.Host}:{server.Port}-{n}";
                var digest = MD5.HashData(Encoding.UTF8.GetBytes(name));
                for (var a = 0; a < 4; a++)
                {
                    points.Add((BinaryPrimitives.ReadUInt32LittleEndian(digest.AsSpan(a * 4)), i));
                }
            }
        }

        points = [.. points.OrderBy(p => p.Value).ThenBy(p => p.Index)];
        var hash = BinaryPrimitives.ReadUInt32LittleEndian(MD5.HashData(Encoding.UTF8.GetBytes(key)));
        var first = points.FindIndex(p => p.Value >= hash);
        return points[first < 0 ? 0 : first].Index;
    }

    private static class LibMemcached
    {
        public const int BehaviorKetamaWeighted = 16; // MEMCACHED_BEHAVIOR_KETAMA_WEIGHTED in libmemcached-1.0/types/behavior.h

        private const string Library = "libmemcached.so.11";

        [DllImport(Library)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern IntPtr memcached_create(IntPtr memc);

        [DllImport(Library)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern void memcached_free(IntPtr memc);

        [DllImport(Library)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int memcached_behavior_set(IntPtr memc, int flag, ulong data);

        [DllImport(Library)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int memcached_server_add_with_weight(IntPtr memc, byte[] hostname, ushort port, uint weight);

        [DllImport(Library)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern uint memcached_generate_hash(IntPtr memc, byte[] key, nuint length);
    }
}
