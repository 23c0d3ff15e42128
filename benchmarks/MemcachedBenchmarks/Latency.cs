using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using Backends.Memcached;

namespace MemcachedBenchmarks;

/// <summary>Per-request latency of one caller (every request timed), and a plain loop of gets to trace.</summary>
public static class Latency
{
    /// <summary>Percentiles in microseconds.</summary>
    public sealed record Percentiles(double P50Microseconds, double P99Microseconds);

    /// <summary>Times <paramref name="count"/> sequential gets (or sets) of 100-byte values after a warm-up.</summary>
    public static async Task<Percentiles> MeasureAsync(string server, bool sets, int count)
    {
        var options = new MemcachedClientOptions { ConnectionsPerServer = 2 };
        options.Servers.Add(MemcachedServerAddress.Parse(server));
        await using var client = new MemcachedClient(options);
        var value = new byte[ClientBenchmarks.ValueSize];
        var keys = Enumerable.Range(0, ClientBenchmarks.KeyCount).Select(i => "lat:" + i.ToString("D12", CultureInfo.InvariantCulture)).ToArray();
        foreach (var key in keys)
        {
            await client.SetAsync(key, value);
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        var samples = new double[count];
        for (var i = -2000; i < count; i++)
        {
            var key = keys[i & (keys.Length - 1)];
            var started = Stopwatch.GetTimestamp();
            if (sets)
            {
                await client.SetAsync(key, value);
            }
            else
            {
                buffer.ResetWrittenCount();
                await client.TryGetAsync(key, buffer);
            }

            if (i >= 0)
            {
                samples[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
            }
        }

        Array.Sort(samples);
        return new Percentiles(samples[count / 2], samples[(int)(count * 0.99)]);
    }

    /// <summary>Runs <paramref name="count"/> sequential multi-gets of 100 keys over <paramref name="servers"/> and prints the rate.</summary>
    public static async Task<int> TraceManyAsync(string[] servers, int count)
    {
        var options = new MemcachedClientOptions();
        foreach (var server in servers)
        {
            options.Servers.Add(MemcachedServerAddress.Parse(server));
        }

        await using var client = new MemcachedClient(options);
        var keys = Enumerable.Range(0, ClientBenchmarks.MultiGetKeys).Select(i => "many:" + i.ToString("D11", CultureInfo.InvariantCulture)).ToArray();
        foreach (var key in keys)
        {
            await client.SetAsync(key, new byte[ClientBenchmarks.ValueSize]);
        }

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            if ((await client.GetManyAsync(keys)).Count != keys.Length)
            {
                throw new InvalidOperationException("miss");
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{count} multi-gets of {keys.Length} keys over {servers.Length} servers in {clock.Elapsed.TotalMilliseconds:0} ms: {count / clock.Elapsed.TotalSeconds:0}/s, {clock.Elapsed.TotalMicroseconds / count:0.0} µs each"));
        return 0;
    }

    /// <summary>Runs <paramref name="count"/> sequential gets and prints the rate: a steady loop for strace or dotnet-trace.</summary>
    public static async Task<int> TraceGetsAsync(string server, int count, TimeSpan? inlineWait, int callers, TimeSpan? spin = null)
    {
        var options = new MemcachedClientOptions { ConnectionsPerServer = 2 };
        if (inlineWait is { } wait)
        {
            options.InlineWait = wait;
        }

        if (spin is { } spinWait)
        {
            options.SpinWait = spinWait;
        }

        options.Servers.Add(MemcachedServerAddress.Parse(server));
        await using var client = new MemcachedClient(options);
        await client.SetAsync("trace", new byte[ClientBenchmarks.ValueSize]);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            var buffer = new ArrayBufferWriter<byte>(256);
            for (var i = 0; i < count / callers; i++)
            {
                buffer.ResetWrittenCount();
                await client.TryGetAsync("trace", buffer);
            }
        })));

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{count} gets by {callers} callers in {clock.Elapsed.TotalMilliseconds:0} ms: {count / clock.Elapsed.TotalSeconds:0} gets/s, {clock.Elapsed.TotalMicroseconds / count:0.0} µs each"));
        return 0;
    }
}
