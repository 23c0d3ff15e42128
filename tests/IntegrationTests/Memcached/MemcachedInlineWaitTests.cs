using Backends.Testing;
using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Backends.Memcached;
using IntegrationTests.Infrastructure;

namespace IntegrationTests.Memcached;

/// <summary>
/// The inline wait: a caller whose request finds its connection idle waits for the answer on its own thread for up to
/// <see cref="MemcachedClientOptions.InlineWait"/>, then the request goes on asynchronously. It must not hold the
/// caller's thread when the server stops answering, the read timeout must still fire, and callers mixing inline and
/// pipelined requests on one connection must each get their own answers.
/// </summary>
public sealed class MemcachedInlineWaitTests
{
    [Fact]
    public async Task A_paused_server_holds_an_inline_caller_only_for_the_inline_wait_and_the_read_timeout_still_fires()
    {
        await using var server = await MemcachedProcess.StartAsync();
        var options = TestOptions.For(server.Address);
        options.ConnectionsPerServer = 1;
        options.ReadTimeout = TimeSpan.FromSeconds(1);
        options.DeadServerRetryInterval = TimeSpan.FromMinutes(10); // no probe brings it back during the test
        await using var client = new MemcachedClient(options);
        var errors = new ConcurrentQueue<MemcachedServerErrorEventArgs>();
        client.ServerError += (_, e) => errors.Enqueue(e);
        await client.SetAsync("inline:paused", "v"u8.ToArray());
        var buffer = new ArrayBufferWriter<byte>();
        Assert.True(await client.TryGetAsync("inline:paused", buffer)); // the connection is open and idle now

        await server.PauseAsync();
        try
        {
            buffer.ResetWrittenCount();
            var clock = Stopwatch.StartNew();
            var pending = client.TryGetAsync("inline:paused", buffer);
            var onCallersThread = clock.Elapsed;

            // The caller got its thread back after the inline wait (1 ms) with the request still going on, far
            // sooner than the read timeout (1 s); the bound is generous for this loaded machine.
            Assert.False(pending.IsCompleted);
            Assert.True(onCallersThread < TimeSpan.FromMilliseconds(500), $"the caller's thread was held {onCallersThread.TotalMilliseconds:0} ms");

            Assert.False(await pending); // the read timeout fired: a miss, the server is marked dead
            var waited = clock.Elapsed;
            Assert.True(client.IsDead(server.Address));
            // The caller's miss can reach it before the failure is reported (the report follows the failing of the
            // requests in flight), so wait for the report rather than expect it already.
            await Wait.Until(() => errors.Any(e => e.MarkedDead && e.Message.Contains("read timeout", StringComparison.Ordinal)), "the timeout to be reported");
            Assert.True(waited < TimeSpan.FromSeconds(5), $"the get waited {waited.TotalMilliseconds:0} ms (read timeout 1 s)");
            Console.WriteLine($"caller's thread held {onCallersThread.TotalMilliseconds:0.0} ms; the get ended after {waited.TotalMilliseconds:0} ms");
        }
        finally
        {
            server.Resume();
        }
    }

    [Fact]
    public async Task Callers_mixing_inline_and_pipelined_requests_on_one_connection_each_get_their_own_answers()
    {
        await using var server = await MemcachedProcess.StartAsync();
        var options = TestOptions.For(server.Address);
        options.ConnectionsPerServer = 1; // every caller shares one connection
        await using var client = new MemcachedClient(options);
        const int Callers = 24;
        const int Rounds = 200;

        // Each caller writes its own keys and reads them back at once, sometimes pausing so that the connection goes
        // idle (the next request waits inline) and sometimes not (requests pile up behind each other, pipelined).
        var callers = Enumerable.Range(0, Callers).Select(caller => Task.Run(async () =>
        {
            var random = new Random(caller);
            var buffer = new ArrayBufferWriter<byte>();
            for (var round = 0; round < Rounds; round++)
            {
                var key = string.Create(CultureInfo.InvariantCulture, $"mix:{caller}:{round % 7}");
                var value = string.Create(CultureInfo.InvariantCulture, $"value of caller {caller} round {round}");
                await client.SetAsync(key, Encoding.UTF8.GetBytes(value));
                buffer.ResetWrittenCount();
                Assert.True(await client.TryGetAsync(key, buffer));
                Assert.Equal(value, Encoding.UTF8.GetString(buffer.WrittenSpan));
                var item = await client.GetWithCasAsync(key);
                Assert.Equal(value, Encoding.UTF8.GetString(item!.Value));
                if (round % 5 == caller % 5)
                {
                    Assert.True(await client.DeleteAsync(key));
                    Assert.Null(await client.GetAsync(key));
                }

                if (random.Next(4) == 0)
                {
                    await Task.Delay(random.Next(3));
                }
            }
        })).ToArray();
        await Task.WhenAll(callers);

        // Both paths were taken on the one connection: answers read by callers waiting inline, and by the reader loop.
        var stats = client.GetConnectionStats().Single();
        Assert.True(stats.InlineAnswers > 0, "no request was answered inline");
        Assert.True(stats.ReaderLoops > 0, "the reader loop never ran");
        Assert.Equal(0, stats.InFlight);
        Console.WriteLine($"inline answers {stats.InlineAnswers}, reader loops {stats.ReaderLoops} of {Callers * Rounds * 3} requests and more");
    }

    [Fact]
    public async Task An_idle_connection_the_server_closed_is_replaced_before_the_next_request_is_sent()
    {
        await using var server = await MemcachedProcess.StartAsync();
        var options = TestOptions.For(server.Address);
        options.ConnectionsPerServer = 1;
        await using var client = new MemcachedClient(options);
        var errors = new ConcurrentQueue<MemcachedServerErrorEventArgs>();
        client.ServerError += (_, e) => errors.Enqueue(e);
        await client.SetAsync("inline:restart", "before"u8.ToArray());

        // Nobody reads an idle connection now, so nothing sees the close until the next request looks first.
        await server.RestartAsync();
        await client.SetAsync("inline:restart", "after"u8.ToArray()); // a new connection, not an exception
        Assert.Equal("after"u8.ToArray(), await client.GetAsync("inline:restart"));
        Assert.False(client.IsDead(server.Address));
        Assert.Contains(errors, e => !e.MarkedDead && e.Message.Contains("closed the connection", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_the_inline_wait_off_every_answer_comes_through_the_reader_loop()
    {
        await using var server = await MemcachedProcess.StartAsync();
        var options = TestOptions.For(server.Address);
        options.ConnectionsPerServer = 1;
        options.InlineWait = TimeSpan.Zero;
        await using var client = new MemcachedClient(options);
        for (var i = 0; i < 50; i++)
        {
            var value = Encoding.UTF8.GetBytes("v" + i.ToString(CultureInfo.InvariantCulture));
            await client.SetAsync("inline:off", value);
            Assert.Equal(value, await client.GetAsync("inline:off"));
        }

        var stats = client.GetConnectionStats().Single();
        Assert.Equal(0, stats.InlineAnswers);
        Assert.True(stats.ReaderLoops > 0);
    }
}
