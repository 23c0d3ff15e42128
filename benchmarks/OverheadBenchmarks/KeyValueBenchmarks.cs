using BenchmarkDotNet.Attributes;
using Backends.Memcached;
using Backends.Runtime;

namespace OverheadBenchmarks;

/// <summary>
/// memcached get and set of a 100-byte value: the bare client (the handle's <c>Instance</c>, so both sides share one
/// pool) against the handle through <see cref="IKeyValueStore"/>, as an application calls it.
/// </summary>
[MemoryDiagnoser]
public class KeyValueBenchmarks
{
    private static readonly byte[] Value = new byte[100];
    private MemcachedBackend _handle = null!;
    private MemcachedClient _client = null!;
    private IKeyValueStore _store = null!;

    [GlobalSetup]
    public async Task SetUpAsync()
    {
        _handle = new MemcachedBackend("bench", Servers.Memcached());
        await _handle.ConfigureAsync();
        _client = _handle.Instance;
        _store = _handle;
        await _client.SetAsync("bench:kv", Value);
    }

    [GlobalCleanup]
    public Task CleanUpAsync() => _handle.CloseAsync();

    [Benchmark(Baseline = true)]
    public ValueTask<byte[]?> Bare_client_get() => _client.GetAsync("bench:kv");

    [Benchmark]
    public ValueTask<byte[]?> Store_get() => _store.GetBytesAsync("bench:kv");

    [Benchmark]
    public ValueTask Bare_client_set() => _client.SetAsync("bench:kv", Value);

    [Benchmark]
    public ValueTask Store_set() => _store.SetBytesAsync("bench:kv", Value);
}
