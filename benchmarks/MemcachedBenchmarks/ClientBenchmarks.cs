using System.Buffers;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using Backends.Memcached;

namespace MemcachedBenchmarks;

/// <summary>
/// Get and set throughput of our client against one local memcached, for one caller awaiting each request in turn and
/// for 64 concurrent callers (pipelined over the client's connections). 100-byte values, 16-byte keys, as the C tool.
/// </summary>
[MemoryDiagnoser]
public class ClientBenchmarks
{
    public const int SequentialOperations = 2000;
    public const int Callers = 64;
    public const int OperationsPerCaller = 100;
    public const int KeyCount = 1024;
    public const int ValueSize = 100;
    public const int MultiGetKeys = 100;
    public const int MultiGets = 50;
    public const string PoolVariable = "MEMCACHED_BENCH_POOL";

    private readonly byte[] _value = new byte[ValueSize];
    private readonly string[] _keys = new string[KeyCount];
    private readonly ArrayBufferWriter<byte>[] _buffers = new ArrayBufferWriter<byte>[Callers];
    private readonly Task[] _callers = new Task[Callers];
    private readonly string[] _manyKeys = new string[MultiGetKeys];
    private MemcachedClient _client = null!;
    private MemcachedClient _pool = null!;

    [GlobalSetup]
    public void Setup()
    {
        var options = new MemcachedClientOptions { ConnectionsPerServer = 2 };
        options.Servers.Add(MemcachedServerAddress.Parse(Environment.GetEnvironmentVariable(BenchmarkServer.Variable)
            ?? throw new InvalidOperationException($"{BenchmarkServer.Variable} is not set: run the benchmarks through Program, which starts memcached.")));
        _client = new MemcachedClient(options);
        new Random(1).NextBytes(_value);
        for (var i = 0; i < KeyCount; i++)
        {
            _keys[i] = "bench:" + i.ToString("D10", CultureInfo.InvariantCulture);
            _client.SetAsync(_keys[i], _value).AsTask().GetAwaiter().GetResult();
        }

        for (var i = 0; i < Callers; i++)
        {
            _buffers[i] = new ArrayBufferWriter<byte>(ValueSize * 2);
        }

        // Multi-get: 100 keys spread over three servers.
        var pool = new MemcachedClientOptions { ConnectionsPerServer = 2 };
        foreach (var server in (Environment.GetEnvironmentVariable(PoolVariable) ?? throw new InvalidOperationException($"{PoolVariable} is not set.")).Split(','))
        {
            pool.Servers.Add(MemcachedServerAddress.Parse(server));
        }

        _pool = new MemcachedClient(pool);
        for (var i = 0; i < MultiGetKeys; i++)
        {
            _manyKeys[i] = "many:" + i.ToString("D11", CultureInfo.InvariantCulture);
            _pool.SetAsync(_manyKeys[i], _value).AsTask().GetAwaiter().GetResult();
            _client.SetAsync(_manyKeys[i], _value).AsTask().GetAwaiter().GetResult();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _pool.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>One caller's multi-gets of 100 keys from one server (what memaslap's multi-get does); a multi-get counts as one operation.</summary>
    [Benchmark(OperationsPerInvoke = MultiGets)]
    public async Task GetMany_100_keys_1_server()
    {
        for (var i = 0; i < MultiGets; i++)
        {
            if ((await _client.GetManyAsync(_manyKeys)).Count != MultiGetKeys)
            {
                throw new InvalidOperationException("miss");
            }
        }
    }

    /// <summary>One caller's multi-gets of 100 keys over three servers; a multi-get counts as one operation.</summary>
    [Benchmark(OperationsPerInvoke = MultiGets)]
    public async Task GetMany_100_keys_3_servers()
    {
        for (var i = 0; i < MultiGets; i++)
        {
            if ((await _pool.GetManyAsync(_manyKeys)).Count != MultiGetKeys)
            {
                throw new InvalidOperationException("miss");
            }
        }
    }

    [Benchmark(OperationsPerInvoke = SequentialOperations)]
    public async Task Get_1_caller()
    {
        var buffer = _buffers[0];
        for (var i = 0; i < SequentialOperations; i++)
        {
            buffer.ResetWrittenCount();
            if (!await _client.TryGetAsync(_keys[i & (KeyCount - 1)], buffer))
            {
                throw new InvalidOperationException("miss");
            }
        }
    }

    [Benchmark(OperationsPerInvoke = SequentialOperations)]
    public async Task Set_1_caller()
    {
        for (var i = 0; i < SequentialOperations; i++)
        {
            await _client.SetAsync(_keys[i & (KeyCount - 1)], _value);
        }
    }

    [Benchmark(OperationsPerInvoke = Callers * OperationsPerCaller)]
    public Task Get_64_callers()
    {
        for (var c = 0; c < Callers; c++)
        {
            var caller = c;
            _callers[c] = Task.Run(() => GetLoop(caller)); // each on the pool, as a server's requests are
        }

        return Task.WhenAll(_callers);
    }

    [Benchmark(OperationsPerInvoke = Callers * OperationsPerCaller)]
    public Task Set_64_callers()
    {
        for (var c = 0; c < Callers; c++)
        {
            var caller = c;
            _callers[c] = Task.Run(() => SetLoop(caller)); // each on the pool, as a server's requests are
        }

        return Task.WhenAll(_callers);
    }

    private async Task GetLoop(int caller)
    {
        var buffer = _buffers[caller];
        for (var i = 0; i < OperationsPerCaller; i++)
        {
            buffer.ResetWrittenCount();
            if (!await _client.TryGetAsync(_keys[((caller * OperationsPerCaller) + i) & (KeyCount - 1)], buffer).ConfigureAwait(false))
            {
                throw new InvalidOperationException("miss");
            }
        }
    }

    private async Task SetLoop(int caller)
    {
        for (var i = 0; i < OperationsPerCaller; i++)
        {
            await _client.SetAsync(_keys[((caller * OperationsPerCaller) + i) & (KeyCount - 1)], _value).ConfigureAwait(false);
        }
    }
}
