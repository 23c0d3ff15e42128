using System.Diagnostics;
using System.Globalization;
using System.Text;
using Backends.Memcached;
using Backends.Runtime;
using Backends.Testing;
using IntegrationTests.Infrastructure;

namespace IntegrationTests.Memcached;

/// <summary>
/// How the client behaves when servers misbehave: paused servers stay out of the ring until they answer a probe,
/// user handlers cannot hurt the client, memory stays bounded, old servers fail start-up at once, and one failed key
/// does not spoil a multi-get.
/// </summary>
public sealed class MemcachedFaultTests
{
    private static string KeyOn(MemcachedClient client, MemcachedServerAddress server, string prefix) =>
        Enumerable.Range(0, 10_000).Select(i => prefix + i.ToString(CultureInfo.InvariantCulture)).First(k => client.GetServer(k) == server);

    private static MemcachedClientOptions FastFailing(params MemcachedProcess[] servers)
    {
        var options = TestOptions.For([.. servers.Select(s => s.Address)]);
        options.ConnectionsPerServer = 1;
        options.ReadTimeout = TimeSpan.FromSeconds(1); // short enough to detect the pause soon, long enough for a healthy server on this loaded machine
        options.DeadServerRetryInterval = TimeSpan.FromMilliseconds(200);
        return options;
    }

    // Defect 1: a paused server came back into the ring on the retry timer alone, and each request sent to it then
    // waited for the read timeout and missed. It must stay out until it answers a probe.
    [Fact]
    public async Task A_paused_server_stays_out_of_the_ring_until_it_answers_a_probe()
    {
        await using var fallback = await MemcachedProcess.StartAsync();
        await using var victim = await MemcachedProcess.StartAsync();
        var options = FastFailing(fallback, victim);
        await using var client = new MemcachedClient(options);
        var key = KeyOn(client, victim.Address, "paused:");
        await client.SetAsync(key, "old"u8.ToArray());

        await victim.PauseAsync();
        Assert.Null(await client.GetAsync(key)); // times out: a miss, and the server is marked dead
        Assert.True(client.IsDead(victim.Address));
        await client.SetAsync(key, "new"u8.ToArray()); // now on the fallback server
        Assert.Equal(fallback.Address, client.GetServer(key));

        // Many retry intervals pass while the server is still paused: every read of the key is the fallback's value.
        var clock = Stopwatch.StartNew();
        var reads = 0;
        while (clock.Elapsed < TimeSpan.FromSeconds(3))
        {
            Assert.Equal("new", Encoding.UTF8.GetString(await client.GetAsync(key) ?? "(miss)"u8.ToArray()));
            Assert.True(client.IsDead(victim.Address));
            reads++;
            await Task.Delay(20);
        }

        Assert.True(reads > 10);

        // Once it answers again it takes its key back, with the value it had when it was paused: the stale-value
        // hazard the README describes (flushOnRevive below avoids it).
        victim.Resume();
        await Wait.Until(() => !client.IsDead(victim.Address), "the resumed server to answer its probe");
        Assert.Equal(victim.Address, client.GetServer(key));
        Assert.Equal("old"u8.ToArray(), await client.GetAsync(key));
    }

    // Defect 1: with flushOnRevive a paused server is emptied before it takes its keys back.
    [Fact]
    public async Task With_flush_on_revive_a_paused_server_comes_back_empty_instead_of_stale()
    {
        await using var fallback = await MemcachedProcess.StartAsync();
        await using var victim = await MemcachedProcess.StartAsync();
        var options = FastFailing(fallback, victim);
        options.FlushOnRevive = true;
        await using var client = new MemcachedClient(options);
        var key = KeyOn(client, victim.Address, "flush:");
        await client.SetAsync(key, "revoked"u8.ToArray());

        await victim.PauseAsync();
        Assert.Null(await client.GetAsync(key));
        await client.DeleteAsync(key); // deleted on the fallback while the owner is away

        victim.Resume();
        await Wait.Until(() => !client.IsDead(victim.Address), "the resumed server to answer its probe");
        Assert.Equal(victim.Address, client.GetServer(key));
        Assert.Null(await client.GetAsync(key));
    }

    // Defect 2: an exception from a ServerError handler escaped into the connection code: it replaced the miss of a
    // read (connect path), went unobserved (reader loop) or killed the process (timeout timer).
    [Fact]
    public async Task A_throwing_error_handler_cannot_break_reads_writes_the_reader_or_the_timeout_timer()
    {
        var unobserved = 0;
        EventHandler<UnobservedTaskExceptionEventArgs> watch = (_, e) =>
        {
            if (e.Exception.Flatten().InnerExceptions.Any(x => x.Message == "a buggy handler"))
            {
                Interlocked.Increment(ref unobserved);
            }
        };
        TaskScheduler.UnobservedTaskException += watch;
        try
        {
            // The connect path: an unreachable server is a miss for reads and MemcachedServerUnavailableException for writes.
            var nowhere = TestOptions.For(new MemcachedServerAddress("127.0.0.1", LoopbackPorts.Free()));
            await using (var lonely = new MemcachedClient(nowhere))
            {
                lonely.ServerError += (_, _) => throw new InvalidOperationException("a buggy handler");
                Assert.Null(await lonely.GetAsync("h"));
                var write = await Assert.ThrowsAnyAsync<Exception>(() => lonely.SetAsync("h", "v"u8.ToArray()).AsTask());
                Assert.IsType<MemcachedServerUnavailableException>(write);
            }

            await using var server = await MemcachedProcess.StartAsync();
            var options = FastFailing(server);
            await using var client = new MemcachedClient(options);
            var seen = 0;
            client.ServerError += (_, _) => throw new InvalidOperationException("a buggy handler");
            client.ServerError += (_, _) => Interlocked.Increment(ref seen);
            await client.SetAsync("h", "v"u8.ToArray());

            // The timeout timer: the paused server's read times out, both handlers run, the read is a miss.
            await server.PauseAsync();
            Assert.Null(await client.GetAsync("h"));
            await Wait.Until(() => Volatile.Read(ref seen) >= 1, "the second handler to run after the first threw");

            // A dropped connection: once the server is back, kill it under an open connection. Nobody reads an idle
            // connection (so that the next caller can read its answer inline), so the next request finds it closed
            // before it sends: that read is a miss and the failure is reported, through the throwing handler too.
            server.Resume();
            await Wait.Until(async () => { try { await client.SetAsync("h", "w"u8.ToArray()); return true; } catch (MemcachedServerUnavailableException) { return false; } }, "the resumed server to take writes");
            Assert.Equal("w"u8.ToArray(), await client.GetAsync("h"));
            var before = Volatile.Read(ref seen);
            server.Kill();
            Assert.Null(await client.GetAsync("h"));
            await Wait.Until(() => Volatile.Read(ref seen) > before, "the dropped connection to be reported");

            GC.Collect();
            GC.WaitForPendingFinalizers();
            Assert.Equal(0, Volatile.Read(ref unobserved));
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= watch;
        }
    }

    // Defect 3: requests in flight had no bound; callers must wait for room instead.
    [Fact]
    public async Task Requests_in_flight_per_connection_are_bounded_and_callers_wait_for_room()
    {
        await using var server = await MemcachedProcess.StartAsync();
        var options = TestOptions.For(server.Address);
        options.ConnectionsPerServer = 1;
        options.MaxInFlightPerConnection = 16;
        await using var client = new MemcachedClient(options);
        await client.SetAsync("bound", "v"u8.ToArray());

        await server.PauseAsync();
        var gets = Enumerable.Range(0, 2000).Select(_ => client.GetAsync("bound").AsTask()).ToArray();
        var stats = client.GetConnectionStats();
        Assert.Single(stats);
        Assert.InRange(stats[0].InFlight, 1, 16);
        Assert.DoesNotContain(gets, g => g.IsCompleted);

        server.Resume();
        var values = await Task.WhenAll(gets).WaitAsync(Wait.Generous);
        Assert.All(values, v => Assert.Equal("v"u8.ToArray(), v));
    }

    // Defect 3: the write buffer doubled without a cap while a server did not read.
    [Fact]
    public async Task The_write_buffer_is_capped_while_the_server_does_not_read()
    {
        await using var server = await MemcachedProcess.StartAsync();
        var options = TestOptions.For(server.Address);
        options.ConnectionsPerServer = 1;
        await using var client = new MemcachedClient(options);
        await client.SetAsync("w0", "v"u8.ToArray());

        await server.PauseAsync();
        var value = new byte[512 * 1024];
        var sets = Enumerable.Range(0, 40).Select(i => client.SetAsync("w" + i.ToString(CultureInfo.InvariantCulture), value).AsTask()).ToArray();
        await Task.Delay(500); // let the sender fill the socket
        var held = client.GetConnectionStats().Single().WriteBuffer;

        server.Resume();
        await Task.WhenAll(sets).WaitAsync(Wait.Generous);
        Assert.InRange(held, 0, 2 * 1024 * 1024); // 40 x 512 KB = 20 MB were asked to be sent
        Assert.Equal(value, await client.GetAsync("w39"));
    }

    // Defect 3: the read buffer kept the size of the largest value ever read.
    [Fact]
    public async Task The_read_buffer_shrinks_after_a_large_value()
    {
        await using var server = await MemcachedProcess.StartAsync();
        var options = TestOptions.For(server.Address);
        options.ConnectionsPerServer = 1;
        await using var client = new MemcachedClient(options);
        var big = new byte[900 * 1024];
        Random.Shared.NextBytes(big);
        await client.SetAsync("big", big);
        Assert.Equal(big, await client.GetAsync("big"));
        await client.SetAsync("small", "s"u8.ToArray());
        Assert.Equal("s"u8.ToArray(), await client.GetAsync("small"));

        var stats = client.GetConnectionStats().Single();
        Assert.InRange(stats.ReadBuffer, 1, 256 * 1024);
        Assert.InRange(stats.WriteBuffer, 1, 256 * 1024);
    }

    // Defect 3: a send longer than the read timeout (a big upload on a slow link) marked a healthy server dead.
    [Fact]
    public async Task A_slow_upload_longer_than_the_read_timeout_does_not_mark_the_server_dead()
    {
        await using var server = await MemcachedProcess.StartAsync();
        await using var proxy = new SlowLinkProxy(server.Port, bytesPerSecond: 256 * 1024);
        var options = TestOptions.For(new MemcachedServerAddress("127.0.0.1", proxy.Port));
        options.ConnectionsPerServer = 1;
        options.ReadTimeout = TimeSpan.FromMilliseconds(1500);
        await using var client = new MemcachedClient(options);
        var errors = new List<MemcachedServerErrorEventArgs>();
        client.ServerError += (_, e) => { lock (errors) { errors.Add(e); } };

        var value = new byte[900 * 1024]; // about 3.5 s through the proxy
        var clock = Stopwatch.StartNew();
        await client.SetAsync("upload", value);
        clock.Stop();
        Assert.True(clock.Elapsed > options.ReadTimeout, $"the upload took {clock.Elapsed}, not longer than the read timeout: the proxy did not slow it");
        Assert.False(client.IsDead(new MemcachedServerAddress("127.0.0.1", proxy.Port)));
        lock (errors)
        {
            Assert.Empty(errors);
        }

        Assert.Equal(value.Length, (await client.GetAsync("upload"))?.Length);
    }

    // Defect 4: a server that answers ERROR to the meta protocol (memcached < 1.6) was retried until the start-up
    // deadline; it must fail start-up at once, naming the version needed.
    [Fact]
    public async Task A_server_without_the_meta_protocol_fails_start_up_at_once_naming_the_version()
    {
        await using var old = new ScriptedMemcached(answerErrorToEverything: true);
        var settings = new MemcachedSettings
        {
            Hosts = [old.Host],
            StartupTimeout = TimeSpan.FromSeconds(20),
            RetryDelay = TimeSpan.FromMilliseconds(50),
            MaxRetryDelay = TimeSpan.FromMilliseconds(50),
        };
        await using var backend = new MemcachedBackend("old", settings);
        var failure = await Wait.ForFailure(backend.ConfigureAsync());

        var startup = Assert.IsType<BackendStartupException>(failure);
        Assert.Contains("memcached 1.6", startup.Message, StringComparison.Ordinal);
        Assert.Equal(ConnectionState.Faulted, backend.State);
        Assert.Single(backend.Errors, e => e.Phase == "configure"); // one attempt, not a retry loop
    }

    // Defect 5: one SERVER_ERROR in a multi-get threw away every hit from every server.
    [Fact]
    public async Task One_failed_key_in_a_multi_get_keeps_every_other_hit_and_is_recorded()
    {
        await using var real = await MemcachedProcess.StartAsync();
        await using var faulty = new ScriptedMemcached();
        var settings = new MemcachedSettings
        {
            Hosts = [real.Host, faulty.Host],
            StartupTimeout = TimeSpan.FromSeconds(30),
            ConnectTimeout = TestOptions.ConnectTimeout,
            ReadTimeout = TestOptions.ReadTimeout,
        };
        await using var backend = new MemcachedBackend("many", settings);
        await backend.ConfigureAsync();
        var client = backend.Instance;
        var faultyAddress = new MemcachedServerAddress("127.0.0.1", faulty.Port);

        var keys = Enumerable.Range(0, 40).Select(i => "many:" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
        var onFaulty = keys.Where(k => client.GetServer(k) == faultyAddress).ToArray();
        var onReal = keys.Where(k => client.GetServer(k) == real.Address).ToArray();
        Assert.True(onFaulty.Length >= 3 && onReal.Length >= 3);
        foreach (var key in onReal)
        {
            await client.SetAsync(key, Encoding.UTF8.GetBytes("r-" + key));
        }

        foreach (var key in onFaulty)
        {
            faulty.Values[key] = "f-" + key;
        }

        var poisoned = onFaulty[1];
        faulty.FailingKeys[poisoned] = 0;

        var values = await client.GetManyAsync(keys);

        Assert.Equal(keys.Length - 1, values.Count);
        Assert.DoesNotContain(poisoned, values.Keys);
        Assert.All(onReal, k => Assert.Equal("r-" + k, Encoding.UTF8.GetString(values[k])));
        Assert.All(onFaulty.Where(k => k != poisoned), k => Assert.Equal("f-" + k, Encoding.UTF8.GetString(values[k])));
        Assert.Contains(backend.Errors, e => e.GetOriginalException() is MemcachedServerException && e.Message.Contains("SERVER_ERROR", StringComparison.Ordinal));
        Assert.False(client.IsDead(faultyAddress));
    }
}
