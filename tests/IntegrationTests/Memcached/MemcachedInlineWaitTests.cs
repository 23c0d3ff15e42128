using Backends.Testing;
using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
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
        Assert.True(await client.TryGetAsync("inline:paused", buffer), "the value just set was not found"); // the connection is open and idle now

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
            // The caller's miss can reach it before the server is marked dead and the failure reported (both follow the
            // failing of the requests in flight), so wait for them rather than expect them already.
            await Wait.Until(() => client.IsDead(server.Address), "the server to be marked dead");
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
    public async Task A_caller_held_right_after_it_took_an_idle_connection_fails_nobody()
    {
        // The same race made certain: the caller that takes the idle connection is held there for 20 ms (as a
        // preemption at that moment would hold it) while 63 others send gets and sets on the same connection and
        // their answers arrive. Before the fix its idle check then found those answers unread and failed the link.
        await using var server = await MemcachedProcess.StartAsync();
        var options = TestOptions.For(server.Address);
        options.ConnectionsPerServer = 1;
        var hold = 0;
        options.IdleConnectionTakenForTesting = () =>
        {
            if (Volatile.Read(ref hold) == 1)
            {
                Thread.Sleep(20);
            }
        };
        await using var client = new MemcachedClient(options);
        var errors = new ConcurrentQueue<MemcachedServerErrorEventArgs>();
        client.ServerError += (_, e) => errors.Enqueue(e);
        const int Callers = 64;
        const int Rounds = 20;
        var failures = new ConcurrentQueue<string>();
        var values = Enumerable.Range(0, Callers).Select(c => Encoding.UTF8.GetBytes(new string((char)('a' + (c % 26)), c % 2 == 0 ? 100 : 20_000))).ToArray();
        for (var c = 0; c < Callers; c++)
        {
            await client.SetAsync(string.Create(CultureInfo.InvariantCulture, $"held:{c}"), values[c]);
        }

        Volatile.Write(ref hold, 1);
        using var barrier = new Barrier(Callers);
        var threads = Enumerable.Range(0, Callers).Select(caller => new Thread(() =>
        {
            var key = string.Create(CultureInfo.InvariantCulture, $"held:{caller}");
            var buffer = new ArrayBufferWriter<byte>();
            for (var round = 0; round < Rounds; round++)
            {
                barrier.SignalAndWait(); // the connection is idle: everyone starts at once
                try
                {
                    if ((round + caller) % 2 == 0)
                    {
                        client.SetAsync(key, values[caller]).AsTask().GetAwaiter().GetResult();
                    }
                    else
                    {
                        buffer.ResetWrittenCount();
                        if (!client.TryGetAsync(key, buffer).AsTask().GetAwaiter().GetResult() || !buffer.WrittenSpan.SequenceEqual(values[caller]))
                        {
                            failures.Enqueue($"caller {caller} round {round}: the get missed or returned another value");
                        }
                    }
                }
                catch (Exception ex)
                {
                    failures.Enqueue($"caller {caller} round {round}: {ex.GetType().Name}: {ex.Message}");
                }

                barrier.SignalAndWait(); // every answer is in: the connection goes idle
            }
        })
        { IsBackground = true }).ToList();
        threads.ForEach(t => t.Start());
        var finished = await Task.Run(() => threads.TrueForAll(t => t.Join(TimeSpan.FromMinutes(5))));

        Assert.True(finished, "the callers did not finish within 5 minutes (a hang)");
        Assert.True(failures.IsEmpty, $"{failures.Count} calls failed, first: {string.Join(" | ", failures.Take(3))}");
        Assert.True(errors.IsEmpty, $"{errors.Count} server errors reported against a healthy server, first: {errors.FirstOrDefault()?.Message}");
        Assert.Equal(0, client.GetConnectionStats().Single().InFlight);
    }

    [Fact]
    public async Task Bursts_of_64_callers_on_an_idle_connection_never_find_it_closed()
    {
        // The hand-over race the Set_64_callers benchmark hit: callers arrive together on an idle connection; one of
        // them claims the receive side to check that the idle connection is sound, while the others send at once. If
        // another's answer arrives before the check looks, the check took it for a server that closed the connection
        // and failed a healthy link (its requests failed: a set threw MemcachedServerUnavailableException, a get
        // missed). Every round starts from an idle connection with 64 dedicated threads released at the same moment,
        // so the hand-over is hit thousands of times; small and large (past the inline size limit) values, gets and sets.
        // The callers' threads are pinned to one core (memcached keeps the other), so that a caller is more often held
        // between two of its steps while the others run. The race needs a preemption in a window of microseconds: before
        // the fix this test failed in about half of its runs (5 of 11), pinned or not; the held-caller test above is the
        // certain one.
        // Three servers with two connections each: six idle connections that 64 callers reach at once, every round.
        await using var first = await MemcachedProcess.StartAsync();
        await using var second = await MemcachedProcess.StartAsync();
        await using var third = await MemcachedProcess.StartAsync();
        var options = TestOptions.For(first.Address, second.Address, third.Address);
        options.ConnectionsPerServer = 2;
        await using var client = new MemcachedClient(options);
        var errors = new ConcurrentQueue<MemcachedServerErrorEventArgs>();
        client.ServerError += (_, e) => errors.Enqueue(e);
        const int Callers = 64;
        const int Rounds = 400;
        var failures = new ConcurrentQueue<string>();
        using var barrier = new Barrier(Callers);

        var threads = Enumerable.Range(0, Callers).Select(caller => new Thread(() =>
        {
            PinToFirstCore();
            var buffer = new ArrayBufferWriter<byte>();
            var key = string.Create(CultureInfo.InvariantCulture, $"burst:{caller}");
            var large = caller % 8 == 0; // 32 KB: written without an inline wait
            for (var round = 0; round < Rounds; round++)
            {
                var value = Value(caller, round, large);
                barrier.SignalAndWait(); // the connection is idle now: everyone starts at once
                try
                {
                    if ((round + caller) % 2 == 0)
                    {
                        client.SetAsync(key, value).AsTask().GetAwaiter().GetResult();
                    }
                    else
                    {
                        buffer.ResetWrittenCount();
                        var hit = client.TryGetAsync(key, buffer).AsTask().GetAwaiter().GetResult();
                        var expected = round == 0 ? null : Value(caller, round - 1, large); // this caller's set of the last round
                        if (expected is not null && (!hit || !buffer.WrittenSpan.SequenceEqual(expected)))
                        {
                            failures.Enqueue($"caller {caller} round {round}: get {(hit ? "returned another value" : "missed")}");
                        }
                    }
                }
                catch (Exception ex)
                {
                    failures.Enqueue($"caller {caller} round {round}: {ex.GetType().Name}: {ex.Message}");
                }

                barrier.SignalAndWait(); // every answer is in: the connection goes idle
            }
        })
        { IsBackground = true }).ToList();
        threads.ForEach(t => t.Start());
        var finished = await Task.Run(() => threads.TrueForAll(t => t.Join(TimeSpan.FromMinutes(5))));

        Assert.True(finished, "the callers did not finish within 5 minutes (a hang)");
        Assert.True(failures.IsEmpty, $"{failures.Count} calls failed, first: {string.Join(" | ", failures.Take(3))}");
        Assert.True(errors.IsEmpty, $"{errors.Count} server errors reported against a healthy server, first: {errors.FirstOrDefault()?.Message}");
        var stats = client.GetConnectionStats();
        Assert.Equal(6, stats.Count);
        Assert.All(stats, s => Assert.Equal(0, s.InFlight));
        Console.WriteLine($"inline answers {stats.Sum(s => s.InlineAnswers)}, reader loops {stats.Sum(s => s.ReaderLoops)} in {Rounds} bursts of {Callers}");

        static void PinToFirstCore()
        {
            var firstCore = 1UL;
            if (NativeMethods.sched_setaffinity(0, sizeof(ulong), ref firstCore) != 0)
            {
                throw new InvalidOperationException($"sched_setaffinity failed: errno {Marshal.GetLastPInvokeError()}");
            }
        }

        static byte[] Value(int caller, int round, bool large)
        {
            var text = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"caller {caller} round {round};"));
            if (!large)
            {
                return text;
            }

            var value = new byte[32 * 1024];
            for (var i = 0; i < value.Length; i++)
            {
                value[i] = text[i % text.Length];
            }

            return value;
        }
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

    private static class NativeMethods
    {
        /// <summary>Binds the calling thread (pid 0) to the cores in <paramref name="mask"/>.</summary>
        [DllImport("libc", SetLastError = true)]
        public static extern int sched_setaffinity(int pid, nint cpusetsize, ref ulong mask);
    }
}
