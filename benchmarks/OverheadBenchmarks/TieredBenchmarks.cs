using BenchmarkDotNet.Attributes;
using Backends.Memcached;
using Backends.MySql;
using Backends.Runtime;

namespace OverheadBenchmarks;

/// <summary>
/// A tiered store (memcached over MySQL) against its cache handle alone: a get that hits the cache, and a set (awaited
/// in the cache, written to MySQL behind; sixteen hot keys, so pending writes coalesce as they do for hot keys in an
/// application and the queue never fills).
/// </summary>
[MemoryDiagnoser]
public class TieredBenchmarks
{
    private static readonly byte[] Value = new byte[100];
    private static readonly string[] Keys = Enumerable.Range(0, 16).Select(i => "bench:tiered:" + i).ToArray();
    private MemcachedBackend _cache = null!;
    private MySqlBackend _storage = null!;
    private TieredStore _tiered = null!;
    private int _next;

    [GlobalSetup]
    public async Task SetUpAsync()
    {
        _cache = new MemcachedBackend("bench-cache", Servers.Memcached());
        _storage = new MySqlBackend("bench-storage", Servers.MySql());
        _tiered = new TieredStore("bench", _cache, _storage);
        await Task.WhenAll(_cache.ConfigureAsync(), _storage.ConfigureAsync());
        await _tiered.ConfigureAsync();
        foreach (var key in Keys)
        {
            await _tiered.SetBytesAsync(key, Value);
        }

        await _tiered.FlushAsync();
    }

    [GlobalCleanup]
    public async Task CleanUpAsync()
    {
        await _tiered.CloseAsync();
        await Task.WhenAll(_cache.CloseAsync(), _storage.CloseAsync());
    }

    [Benchmark(Baseline = true)]
    public ValueTask<byte[]?> Cache_get() => _cache.GetBytesAsync(NextKey());

    [Benchmark]
    public ValueTask<byte[]?> Tiered_get_hit() => _tiered.GetBytesAsync(NextKey());

    [Benchmark]
    public ValueTask Cache_set() => _cache.SetBytesAsync(NextKey(), Value);

    [Benchmark]
    public ValueTask Tiered_set() => _tiered.SetBytesAsync(NextKey(), Value);

    private string NextKey() => Keys[_next++ & 15];
}
