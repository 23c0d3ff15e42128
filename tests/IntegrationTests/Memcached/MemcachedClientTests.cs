using System.Buffers;
using System.Globalization;
using System.Text;
using Backends.Memcached;
using Backends.Runtime;
using Backends.Testing;
using IntegrationTests.Infrastructure;

namespace IntegrationTests.Memcached;

/// <summary>The memcached client's own behaviour against one real server: protocol, pipelining, errors, cancellation.</summary>
public sealed class MemcachedClientTests(MemcachedServerFixture fixture) : IClassFixture<MemcachedServerFixture>
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    private string Key(string name) => $"client:{_run}:{name}";

    private MemcachedClient Client(int connections = 2, string prefix = "")
    {
        var options = TestOptions.For(fixture.Server.Address);
        options.ConnectionsPerServer = connections;
        options.KeyPrefix = prefix;
        return new MemcachedClient(options);
    }

    [Fact]
    public async Task Get_into_a_buffer_writer_set_delete_and_version()
    {
        await using var client = Client();
        var writer = new ArrayBufferWriter<byte>();
        Assert.False(await client.TryGetAsync(Key("a"), writer));
        await client.SetAsync(Key("a"), "hello"u8.ToArray());
        Assert.True(await client.TryGetAsync(Key("a"), writer));
        Assert.Equal("hello", Encoding.UTF8.GetString(writer.WrittenSpan));
        Assert.True(await client.DeleteAsync(Key("a")));
        Assert.False(await client.DeleteAsync(Key("a")));
        Assert.Null(await client.GetAsync(Key("a")));
        Assert.StartsWith("1.", await client.GetVersionAsync(fixture.Server.Address), StringComparison.Ordinal);
        await client.PingAsync();
    }

    [Fact]
    public async Task Hundreds_of_concurrent_requests_pipeline_on_one_connection_and_match_their_answers()
    {
        await using var client = Client(connections: 1);
        await Task.WhenAll(Enumerable.Range(0, 500).Select(i =>
            client.SetAsync(Key("p" + i.ToString(CultureInfo.InvariantCulture)), Encoding.UTF8.GetBytes("value-" + i.ToString(CultureInfo.InvariantCulture))).AsTask()));

        // Hits, misses and deletes interleaved on one socket: each answer must reach its own caller.
        var results = await Task.WhenAll(Enumerable.Range(0, 1000).Select(async i =>
        {
            var key = Key("p" + i.ToString(CultureInfo.InvariantCulture));
            var value = await client.GetAsync(key);
            return (i, value is null ? null : Encoding.UTF8.GetString(value));
        }));
        foreach (var (i, value) in results)
        {
            Assert.Equal(i < 500 ? "value-" + i.ToString(CultureInfo.InvariantCulture) : null, value);
        }
    }

    [Fact]
    public async Task Get_many_reads_large_values_and_misses_in_between_from_one_classic_get()
    {
        await using var client = Client();
        var keys = Enumerable.Range(0, 20).Select(i => Key("big" + i.ToString(CultureInfo.InvariantCulture))).ToArray();
        for (var i = 0; i < keys.Length; i += 2)
        {
            var value = new byte[200_000 + i]; // larger than the read buffer: each arrives in many reads
            value.AsSpan().Fill((byte)i);
            await client.SetAsync(keys[i], value);
        }

        var values = await client.GetManyAsync(keys);

        Assert.Equal(10, values.Count);
        for (var i = 0; i < keys.Length; i += 2)
        {
            Assert.Equal(200_000 + i, values[keys[i]].Length);
            Assert.All(values[keys[i]], b => Assert.Equal((byte)i, b));
        }
    }

    [Fact]
    public async Task Get_many_returns_hits_once_per_key_and_leaves_misses_out()
    {
        await using var client = Client();
        await client.SetAsync(Key("m1"), "1"u8.ToArray());
        await client.SetAsync(Key("m3"), "3"u8.ToArray());
        var values = await client.GetManyAsync([Key("m1"), Key("m2"), Key("m3"), Key("m1")]);
        Assert.Equal(2, values.Count);
        Assert.Equal("1"u8.ToArray(), values[Key("m1")]);
        Assert.Equal("3"u8.ToArray(), values[Key("m3")]);
        Assert.Empty(await client.GetManyAsync([Key("none1"), Key("none2")]));
    }

    [Fact]
    public async Task Compare_and_set_uses_the_cas_token()
    {
        await using var client = Client();
        await client.SetAsync(Key("cas"), "v1"u8.ToArray());
        var item = await client.GetWithCasAsync(Key("cas"));
        Assert.NotNull(item);
        Assert.NotEqual(0UL, item.Cas);

        var stored = await client.CompareAndSetAsync(Key("cas"), "v2"u8.ToArray(), item.Cas);
        Assert.Equal(MemcachedStoreStatus.Stored, stored.Status);
        Assert.NotEqual(item.Cas, stored.Cas);

        var stale = await client.CompareAndSetAsync(Key("cas"), "v3"u8.ToArray(), item.Cas);
        Assert.Equal(MemcachedStoreStatus.Exists, stale.Status);
        Assert.Equal("v2"u8.ToArray(), await client.GetAsync(Key("cas")));

        var gone = await client.CompareAndSetAsync(Key("cas-missing"), "x"u8.ToArray(), item.Cas);
        Assert.Equal(MemcachedStoreStatus.NotFound, gone.Status);
    }

    [Fact]
    public async Task A_value_over_the_item_size_is_a_clear_error_and_the_connection_stays_usable()
    {
        await using var client = Client(connections: 1);
        var error = await Assert.ThrowsAsync<MemcachedValueTooLargeException>(() => client.SetAsync(Key("big"), new byte[2 * 1024 * 1024]).AsTask());
        Assert.Contains("too large", error.Message, StringComparison.Ordinal);
        Assert.Equal(2 * 1024 * 1024, error.ValueLength);
        Assert.Equal(fixture.Server.Address.ToString(), error.Server);

        await client.SetAsync(Key("after"), "ok"u8.ToArray());
        Assert.Equal("ok"u8.ToArray(), await client.GetAsync(Key("after")));
    }

    [Theory]
    [InlineData("with space", "space or control character")]
    [InlineData("with\r\nnewline", "space or control character")]
    [InlineData("", "must not be empty")]
    public async Task Bad_keys_are_rejected_before_anything_is_sent(string key, string message)
    {
        await using var client = Client();
        var error = await Assert.ThrowsAsync<MemcachedKeyException>(() => client.SetAsync(key, "v"u8.ToArray()).AsTask());
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<MemcachedKeyException>(() => client.GetAsync(key).AsTask());
    }

    [Fact]
    public async Task The_key_prefix_counts_towards_the_250_byte_limit()
    {
        await using var client = Client(prefix: "app:");
        var fits = Key("").PadRight(246, 'k');
        await client.SetAsync(fits, "v"u8.ToArray());
        Assert.Equal("v"u8.ToArray(), await client.GetAsync(fits));
        var error = await Assert.ThrowsAsync<MemcachedKeyException>(() => client.SetAsync(fits + "k", "v"u8.ToArray()).AsTask());
        Assert.Contains("251 bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("key prefix", error.Message, StringComparison.Ordinal);

        // A lone surrogate cannot be encoded faithfully: rejected, not silently replaced.
        await Assert.ThrowsAsync<MemcachedKeyException>(() => client.SetAsync("bad\ud800", "v"u8.ToArray()).AsTask());
    }

    [Fact]
    public async Task Cancelling_a_request_in_flight_throws_and_the_connection_stays_in_step()
    {
        await using var server = await MemcachedProcess.StartAsync();
        var options = TestOptions.For(server.Address);
        options.ConnectionsPerServer = 1;
        options.ReadTimeout = TimeSpan.FromSeconds(60);
        await using var client = new MemcachedClient(options);
        await client.SetAsync("k1", "one"u8.ToArray());
        await client.SetAsync("k2", "two"u8.ToArray());

        await server.PauseAsync();
        using var cancel = new CancellationTokenSource();
        var first = client.GetAsync("k1", cancel.Token).AsTask();
        var second = client.GetAsync("k2").AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.False(second.IsCompleted);

        server.Resume();
        // The cancelled request's answer still arrives and is discarded; the next answer goes to the next caller.
        Assert.Equal("two"u8.ToArray(), await second.WaitAsync(Wait.Generous));
        Assert.Equal("one"u8.ToArray(), await client.GetAsync("k1"));
    }

    [Fact]
    public async Task An_unreachable_server_is_a_miss_for_reads_and_a_clear_error_for_writes()
    {
        var port = LoopbackPorts.Free();
        var options = TestOptions.For(new MemcachedServerAddress("127.0.0.1", port));
        options.DeadServerRetryInterval = TimeSpan.FromMinutes(5);
        await using var client = new MemcachedClient(options);
        var errors = new List<MemcachedServerErrorEventArgs>();
        client.ServerError += (_, e) => { lock (errors) { errors.Add(e); } };

        var error = await Assert.ThrowsAsync<MemcachedServerUnavailableException>(() => client.SetAsync("k", "v"u8.ToArray()).AsTask());
        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        Assert.True(client.IsDead(options.Servers[0]));

        Assert.Null(await client.GetAsync("k"));
        Assert.False(await client.TryGetAsync("k", new ArrayBufferWriter<byte>()));
        var dead = await Assert.ThrowsAsync<MemcachedServerUnavailableException>(() => client.SetAsync("k", "v"u8.ToArray()).AsTask());
        Assert.Contains("no memcached server is available", dead.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<MemcachedServerUnavailableException>(() => client.PingAsync().AsTask());
        lock (errors)
        {
            Assert.Contains(errors, e => e.MarkedDead && e.Server.Port == port);
        }
    }

    [Fact]
    public async Task A_server_that_stops_answering_times_out_is_marked_dead_and_comes_back()
    {
        await using var server = await MemcachedProcess.StartAsync();
        await using (var setup = new MemcachedClient(TestOptions.For(server.Address)))
        {
            await setup.SetAsync("k", "v"u8.ToArray());
        }

        var options = TestOptions.For(server.Address);
        options.ConnectionsPerServer = 1;
        options.ReadTimeout = TimeSpan.FromMilliseconds(300);
        options.DeadServerRetryInterval = TimeSpan.FromSeconds(2);
        await using var client = new MemcachedClient(options);

        await server.PauseAsync();
        Assert.Null(await client.GetAsync("k")); // the read times out: a miss, not an exception
        Assert.True(client.IsDead(server.Address) || client.GetServer("k") is null);
        await Assert.ThrowsAsync<MemcachedServerUnavailableException>(() => client.SetAsync("k", "v2"u8.ToArray()).AsTask());

        server.Resume();
        await Wait.Until(async () => await client.GetAsync("k") is { } value && value.SequenceEqual("v"u8.ToArray()), "the server to be retried and answer again");
        Assert.False(client.IsDead(server.Address));
    }

    [Fact]
    public async Task The_backend_handle_reports_server_failures_and_faults_when_no_server_comes_up()
    {
        var settings = new MemcachedSettings
        {
            Hosts = ["127.0.0.1:" + LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture)],
            StartupTimeout = TimeSpan.FromMilliseconds(600),
            RetryDelay = TimeSpan.FromMilliseconds(100),
            DeadServerRetryInterval = TimeSpan.Zero,
        };
        await using var backend = new MemcachedBackend("down", settings);
        var failure = await Wait.ForFailure(backend.ConfigureAsync());
        Assert.IsType<BackendStartupException>(failure);
        Assert.Equal(ConnectionState.Faulted, backend.State);
        Assert.NotEmpty(backend.Errors);
        Assert.Contains(backend.Errors, e => e.Message.Contains("cannot be reached", StringComparison.Ordinal));
    }
}
