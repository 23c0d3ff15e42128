using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using Backends.Memcached;

namespace IntegrationTests.Memcached;

/// <summary>Tests that count thread-pool work items, run alone so that other tests' work items do not count.</summary>
[CollectionDefinition(nameof(MemcachedQuietGroup), DisableParallelization = true)]
public sealed class MemcachedQuietGroup;

/// <summary>
/// The receive side of a connection: answers a caller waits for inline wake nobody else, the reader thread that serves
/// pipelined requests parks while the connection is idle and ends with its connection, and one late answer does not
/// push the callers after it off the inline path.
/// </summary>
[Collection(nameof(MemcachedQuietGroup))]
public sealed class MemcachedReaderTests
{
    private const int SequentialGets = 2000;

    [Fact]
    public async Task Answers_read_inline_wake_no_thread_pool_worker_even_after_the_reader_served()
    {
        await using var server = await MemcachedProcess.StartAsync();
        var options = TestOptions.For(server.Address);
        options.ConnectionsPerServer = 1;
        options.InlineWait = TimeSpan.FromMilliseconds(200); // this loaded machine must not end the waits early
        await using var client = new MemcachedClient(options);
        await client.SetAsync("reader:inline", new byte[100]);

        // An answer later than the inline wait: the reader takes it over (before the fix its first wait registered the
        // socket with the runtime's socket engine, which from then on woke a pool worker for every answer that arrived).
        await server.PauseAsync();
        var late = client.GetAsync("reader:inline");
        await Task.Delay(400);
        server.Resume();
        Assert.NotNull(await late);
        Assert.True(client.GetConnectionStats().Single().ReaderLoops > 0, "the reader never served");

        // Sequential gets on a thread outside the pool: past the reader's back-off, each is answered inline.
        long inline = 0, workItems = 0;
        var thread = new Thread(() =>
        {
            var buffer = new ArrayBufferWriter<byte>(256);
            for (var i = 0; i < 300; i++)
            {
                Get(client, buffer); // past the back-off of 256 idle moments after contention
            }

            var inlineBefore = client.GetConnectionStats().Single().InlineAnswers;
            var before = ThreadPool.CompletedWorkItemCount;
            for (var i = 0; i < SequentialGets; i++)
            {
                Get(client, buffer);
            }

            workItems = ThreadPool.CompletedWorkItemCount - before;
            inline = client.GetConnectionStats().Single().InlineAnswers - inlineBefore;
        });
        thread.Start();
        Assert.True(thread.Join(TimeSpan.FromMinutes(2)), "the gets did not finish");

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{inline} of {SequentialGets} gets answered inline; {workItems} thread-pool work items ran meanwhile"));
        Assert.True(inline >= SequentialGets * 0.9, $"only {inline} of {SequentialGets} gets were answered inline");
        // An engine-registered socket costs one work item per answer; what is left is the client's timer and the
        // hand-over once a millisecond of inline answers.
        Assert.True(workItems < SequentialGets / 4, $"{workItems} thread-pool work items ran for {SequentialGets} inline gets");
    }

    [Fact]
    public async Task A_late_answer_of_a_single_caller_does_not_push_the_next_callers_off_the_inline_path()
    {
        await using var server = await MemcachedProcess.StartAsync();
        var options = TestOptions.For(server.Address);
        options.ConnectionsPerServer = 1;
        await using var client = new MemcachedClient(options);
        await client.SetAsync("reader:late", new byte[100]);
        Assert.NotNull(await client.GetAsync("reader:late"));

        await server.PauseAsync();
        var late = client.GetAsync("reader:late"); // the inline wait (1 ms) runs out: the reader takes the answer over
        await Task.Delay(50);
        server.Resume();
        Assert.NotNull(await late);

        var before = client.GetConnectionStats().Single().InlineAnswers;
        var buffer = new ArrayBufferWriter<byte>(256);
        for (var i = 0; i < 100; i++)
        {
            buffer.ResetWrittenCount();
            Assert.True(await client.TryGetAsync("reader:late", buffer));
        }

        // Before the fix a late answer counted as contention: the next 256 callers went through the reader.
        var inline = client.GetConnectionStats().Single().InlineAnswers - before;
        Assert.True(inline >= 50, $"only {inline} of 100 gets after the late answer were answered inline");
    }

    [Fact]
    public async Task A_single_caller_keeps_to_one_connection()
    {
        await using var server = await MemcachedProcess.StartAsync();
        var options = TestOptions.For(server.Address);
        options.ConnectionsPerServer = 4;
        await using var client = new MemcachedClient(options);
        for (var i = 0; i < 100; i++)
        {
            await client.SetAsync("reader:one", new byte[10]);
            Assert.NotNull(await client.GetAsync("reader:one"));
        }

        // Before, requests went round the connections: all four were opened and each answer woke another of the
        // server's worker threads. An idle connection is taken first, the lowest-numbered.
        var stats = client.GetConnectionStats();
        Assert.Single(stats);
        Assert.True(stats[0].InlineAnswers >= 100, $"{stats[0].InlineAnswers} of 200 requests were answered inline");
    }

    [Fact]
    public async Task An_inline_caller_spins_only_on_a_connection_whose_answers_come_back_quickly()
    {
        await using var server = await MemcachedProcess.StartAsync();
        await using var slow = new SlowLinkProxy(server.Port, bytesPerSecond: 20_000); // a 40-byte request takes 2 ms
        foreach (var (address, spinWait) in new[]
        {
            (server.Address, TimeSpan.FromMicroseconds(50)),
            (server.Address, TimeSpan.Zero),
            (new MemcachedServerAddress("127.0.0.1", slow.Port), TimeSpan.FromMicroseconds(50)),
        })
        {
            var options = TestOptions.For(address);
            options.ConnectionsPerServer = 1;
            options.InlineWait = TimeSpan.FromMilliseconds(50); // the slow link's answers still come inline
            options.SpinWait = spinWait;
            await using var client = new MemcachedClient(options);
            await client.SetAsync("reader:spin", new byte[10]);
            for (var i = 0; i < 50; i++)
            {
                Assert.NotNull(await client.GetAsync("reader:spin"));
            }

            var stats = client.GetConnectionStats().Single();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{address} spinWait {spinWait.TotalMicroseconds} µs: usual round trip {stats.RoundTrip.TotalMicroseconds:0} µs, spin {stats.Spin.TotalMicroseconds:0} µs"));
            Assert.True(stats.RoundTrip > TimeSpan.Zero);
            if (address.Port == slow.Port)
            {
                Assert.True(stats.RoundTrip >= TimeSpan.FromMicroseconds(100), "the slow link was quick");
            }

            Assert.True(stats.Spin <= spinWait, $"spins {stats.Spin.TotalMicroseconds:0} µs, more than spinWait");
            if (stats.RoundTrip >= TimeSpan.FromMicroseconds(100))
            {
                Assert.Equal(TimeSpan.Zero, stats.Spin); // a spin would rarely catch the answer: no CPU burned
            }
            else if (spinWait > TimeSpan.Zero)
            {
                Assert.True(stats.Spin > TimeSpan.Zero, "a quick connection does not spin");
            }
        }
    }

    [Fact]
    public async Task A_multi_get_over_idle_connections_is_answered_on_the_callers_thread()
    {
        await using var first = await MemcachedProcess.StartAsync();
        await using var second = await MemcachedProcess.StartAsync();
        await using var third = await MemcachedProcess.StartAsync();
        var options = TestOptions.For(first.Address, second.Address, third.Address);
        options.InlineWait = TimeSpan.FromMilliseconds(200); // this loaded machine must not end the waits early
        await using var client = new MemcachedClient(options);
        var keys = Enumerable.Range(0, 100).Select(i => "reader:many:" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
        foreach (var key in keys.Where((_, i) => i % 4 != 0))
        {
            await client.SetAsync(key, System.Text.Encoding.UTF8.GetBytes(key));
        }

        Assert.Equal(75, (await client.GetManyAsync(keys)).Count); // every connection is open now

        // Before the fix a multi-get never waited inline: each server's answers came through a reader loop and the
        // result through the thread pool, so no call completed on the caller's thread. Now only the first call after
        // each millisecond of inline answers on this thread is handed over through the pool (see MaxInlineRunTicks).
        var synchronous = 0;
        for (var round = 0; round < 100; round++)
        {
            var pending = client.GetManyAsync(keys);
            synchronous += pending.IsCompleted ? 1 : 0;
            var values = await pending;
            Assert.Equal(75, values.Count);
            Assert.All(values, pair => Assert.Equal(pair.Key, System.Text.Encoding.UTF8.GetString(pair.Value)));
        }

        Assert.True(synchronous >= 50, $"only {synchronous} of 100 multi-gets completed on the caller's thread");
    }

    [Fact]
    public async Task Reader_threads_park_while_idle_and_end_with_their_connection()
    {
        await using var first = await MemcachedProcess.StartAsync();
        await using var second = await MemcachedProcess.StartAsync();
        var options = TestOptions.For(first.Address, second.Address);
        options.InlineWait = TimeSpan.Zero; // every answer through the reader
        options.ConnectionsPerServer = 1; // (a single caller keeps to a server's first idle connection anyway)
        options.DeadServerRetryInterval = TimeSpan.FromMinutes(10);
        var client = new MemcachedClient(options);
        try
        {
            for (var i = 0; i < 200; i++)
            {
                var key = "reader:thread:" + i.ToString(CultureInfo.InvariantCulture);
                await client.SetAsync(key, new byte[10]);
                Assert.NotNull(await client.GetAsync(key));
            }

            var stats = client.GetConnectionStats();
            Assert.Equal(2, stats.Count); // two servers, one connection each
            var readers = stats.Select(s => s.Reader).ToList();
            Assert.All(readers, r => Assert.NotNull(r));
            Assert.Equal(2, readers.Distinct().Count()); // one per connection, started once however often it served
            Assert.All(stats, s => Assert.True(s.ReaderLoops > 1, $"the reader served {s.ReaderLoops} times"));

            // The server is killed: its connections fail and their reader threads end.
            var firstReaders = client.GetConnectionStats().Where(s => s.Reader is not null).Select(s => s.Reader!).ToList();
            first.Kill();
            for (var i = 0; i < 50 && !client.IsDead(first.Address); i++)
            {
                await client.GetAsync("reader:thread:" + i.ToString(CultureInfo.InvariantCulture)); // some keys are on the dead server
            }

            Assert.True(client.IsDead(first.Address));
            var ended = Stopwatch.StartNew();
            foreach (var reader in firstReaders.Where(r => !client.GetConnectionStats().Any(s => ReferenceEquals(s.Reader, r))))
            {
                Assert.True(reader.Join(TimeSpan.FromSeconds(30)), "a failed connection's reader thread did not end");
            }

            Console.WriteLine($"failed connections' readers ended within {ended.ElapsedMilliseconds} ms");
            var remaining = client.GetConnectionStats().Select(s => s.Reader).OfType<Thread>().ToList();
            Assert.NotEmpty(remaining);
            Assert.All(remaining, r => Assert.True(r.IsAlive)); // parked, not ended, while their connection is open

            await client.DisposeAsync();
            foreach (var reader in remaining)
            {
                Assert.True(reader.Join(TimeSpan.FromSeconds(30)), "a reader thread outlived the disposed client");
            }
        }
        finally
        {
            await client.DisposeAsync();
        }
    }

    private static void Get(MemcachedClient client, ArrayBufferWriter<byte> buffer)
    {
        buffer.ResetWrittenCount();
        var pending = client.TryGetAsync("reader:inline", buffer);
        var found = pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
        Assert.True(found);
    }
}
