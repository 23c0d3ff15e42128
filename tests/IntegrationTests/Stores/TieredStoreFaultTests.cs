using System.Diagnostics;
using System.Globalization;
using Backends.Memcached;
using Backends.MySql;
using Backends.Runtime;
using Backends.Testing;
using IntegrationTests.Memcached;
using IntegrationTests.MySql;
using Xunit.Abstractions;

namespace IntegrationTests.Stores;

/// <summary>A MariaDB server of the fault tests' own, since they kill and restart it.</summary>
public sealed class FaultMariaDbFixture : IAsyncLifetime
{
    private MariaDbServer? _server;

    /// <summary>The server.</summary>
    public MariaDbServer Server => _server ?? throw new InvalidOperationException("The fixture has not started.");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _server = await MariaDbServer.StartAsync();
        await MakeDurableAsync(_server);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>
    /// The test server trades durability for speed (innodb_flush_log_at_trx_commit=0 keeps up to a second of commits
    /// in mariadbd's memory); a SIGKILL would then lose writes MariaDB had acknowledged, which no client can see or
    /// repair. The fault tests measure the store, so they run MariaDB durable.
    /// </summary>
    public static Task MakeDurableAsync(MariaDbServer server) => server.ExecuteAsRootAsync("SET GLOBAL innodb_flush_log_at_trx_commit = 1");

    /// <summary>Kills mariadbd with SIGKILL, as a crash would (no clean InnoDB shutdown).</summary>
    public static void Kill(MariaDbServer server)
    {
        var pid = int.Parse(File.ReadAllText(Path.Combine(server.Directory, "mysqld.pid")).Trim(), CultureInfo.InvariantCulture);
        using var process = Process.GetProcessById(pid);
        process.Kill();
        process.WaitForExit(30_000);
    }
}

/// <summary>
/// A tiered store over a real memcached and a real MariaDB while one of them is killed. Figures (outage, recovery,
/// peak pending writes, working set) are written to the test output.
/// </summary>
public sealed class TieredStoreFaultTests(FaultMariaDbFixture mariaDb, ITestOutputHelper output) : IClassFixture<FaultMariaDbFixture>
{
    private static readonly TimeSpan s_flushLimit = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task MariaDB_killed_mid_run_loses_no_write_and_lands_none_out_of_order()
    {
        const int Keys = 10_000;
        const int Writers = 16;
        await using var memcached = await MemcachedProcess.StartAsync();
        var cache = new MemcachedBackend("fault-cache", Tiers.Memcached(memcached));
        var storage = new MySqlBackend("fault-storage", Settings("fault_kill"));
        var store = new TieredStore("fault", cache, storage, new TieredStoreSettings { FlushTimeout = s_flushLimit });
        await using var tiers = new Closer(store, cache, storage);
        await store.ConfigureAsync();

        var accepted = 0;
        var killAt = Keys / 2; // half-way through the v1 pass
        var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writing = Task.Run(async () =>
        {
            foreach (var version in (string[])["v1", "v2"])
            {
                await Parallel.ForEachAsync(
                    Enumerable.Range(0, Keys),
                    new ParallelOptions { MaxDegreeOfParallelism = Writers },
                    async (i, ct) =>
                    {
                        await store.SetAsync(KeyOf(i), $"{version}:{i}", ConformanceJsonContext.Default.String, null, ct);
                        if (Interlocked.Increment(ref accepted) == killAt)
                        {
                            killed.TrySetResult();
                        }
                    });
            }
        });

        await Wait.For(killed.Task);
        var outage = Stopwatch.StartNew();
        FaultMariaDbFixture.Kill(mariaDb.Server);
        var pendingAtKill = store.PendingWrites;
        await Task.Delay(TimeSpan.FromSeconds(3)); // down for some seconds while writes keep coming
        await mariaDb.Server.LaunchAsync();
        await FaultMariaDbFixture.MakeDurableAsync(mariaDb.Server);
        var down = outage.Elapsed;

        await writing.WaitAsync(s_flushLimit);
        var acceptedAll = outage.Elapsed;
        var flushing = Stopwatch.StartNew();
        await store.FlushAsync().WaitAsync(s_flushLimit);
        var flushed = flushing.Elapsed;
        var recovery = outage.Elapsed - down;

        // Read every key back through a handle of MariaDB's own, not through the store.
        await using var check = new MySqlBackend("fault-check", Settings("fault_kill"));
        await check.ConfigureAsync();
        var lost = 0;
        var outOfOrder = 0;
        for (var i = 0; i < Keys; i++)
        {
            switch (await check.GetAsync(KeyOf(i), ConformanceJsonContext.Default.String))
            {
                case null:
                    lost++;
                    break;
                case var value when value != $"v2:{i}":
                    outOfOrder++;
                    break;
            }
        }

        var failures = store.Errors.Count(e => e.Phase == "storage-write");
        output.WriteLine($"keys {Keys}, writes {2 * Keys}, lost {lost}, out of order {outOfOrder}");
        output.WriteLine($"MariaDB down (SIGKILL to accepting connections again): {down.TotalSeconds:0.00} s; pending at the kill: {pendingAtKill}");
        output.WriteLine($"store's own outage (first failed to first good background write): {store.LastOutage?.TotalSeconds:0.00} s");
        output.WriteLine($"all {2 * Keys} sets accepted {acceptedAll.TotalSeconds:0.00} s after the kill; flush took {flushed.TotalSeconds:0.00} s; restart to flushed: {recovery.TotalSeconds:0.00} s");
        output.WriteLine($"peak pending writes: {store.PeakPendingWrites}; failed-batch errors recorded: {failures}");
        Assert.Equal(0, lost);
        Assert.Equal(0, outOfOrder);
        Assert.Equal(0, store.PendingWrites);
        Assert.True(store.LastOutage is not null, "the store never saw storage fail: the kill did not land mid-run.");
    }

    [Fact]
    public async Task Telemetry_counts_writes_records_pending_and_traces_batches()
    {
        await using var memcached = await MemcachedProcess.StartAsync();
        var cache = new MemcachedBackend("fault-cache", Tiers.Memcached(memcached));
        var storage = new MySqlBackend("fault-storage", Settings("fault_telemetry"));
        var store = new TieredStore("telemetry", cache, storage, new TieredStoreSettings { FlushTimeout = s_flushLimit });
        await using var tiers = new Closer(store, cache, storage);
        using var meters = new StoreMeters(store.Name);
        var batches = 0;
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == BackendsTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                if (activity.OperationName == "backends.store.write_batch" && Equals(activity.GetTagItem("backends.store"), store.Name))
                {
                    Interlocked.Increment(ref batches);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        await store.ConfigureAsync();

        for (var i = 0; i < 50; i++)
        {
            await store.SetAsync(KeyOf(i), "v", ConformanceJsonContext.Default.String);
        }

        await store.FlushAsync().WaitAsync(s_flushLimit); // so that the delete below cannot coalesce with the set of its key
        Assert.True(await store.DeleteAsync(KeyOf(0)));
        await store.FlushAsync().WaitAsync(s_flushLimit);

        Assert.Equal(50, meters.Sets);
        Assert.Equal(1, meters.Deletes);
        Assert.True(meters.PeakPending >= 1, "backends.store.pending was never recorded above zero.");
        Assert.Equal(0, meters.LastPending);
        Assert.True(Volatile.Read(ref batches) > 0, "no backends.store.write_batch span was recorded.");
    }

    [Fact]
    public async Task memcached_killed_mid_run_reads_come_from_storage_and_writes_keep_landing()
    {
        const int Keys = 2_000;
        await using var memcached = await MemcachedProcess.StartAsync();
        var cache = new MemcachedBackend("fault-cache", Tiers.Memcached(memcached));
        var storage = new MySqlBackend("fault-storage", Settings("fault_cache"));
        var store = new TieredStore("fault", cache, storage, new TieredStoreSettings { FlushTimeout = s_flushLimit });
        await using var tiers = new Closer(store, cache, storage);
        await store.ConfigureAsync();

        for (var i = 0; i < Keys; i++)
        {
            await store.SetAsync(KeyOf(i), $"v1:{i}", ConformanceJsonContext.Default.String);
        }

        await store.FlushAsync().WaitAsync(s_flushLimit);

        // Reads and writes go on while memcached dies half-way; nothing may throw.
        var wrong = 0;
        var killedAfter = Keys / 2;
        for (var i = 0; i < Keys; i++)
        {
            if (i == killedAfter)
            {
                memcached.Kill();
            }

            if (await store.GetAsync(KeyOf(i), ConformanceJsonContext.Default.String) != $"v1:{i}")
            {
                wrong++;
            }

            await store.SetAsync(KeyOf(i), $"v2:{i}", ConformanceJsonContext.Default.String);
        }

        await store.FlushAsync().WaitAsync(s_flushLimit);

        // With the cache gone and nothing pending, every read is a storage read.
        var reread = 0;
        for (var i = 0; i < Keys; i++)
        {
            reread += await store.GetAsync(KeyOf(i), ConformanceJsonContext.Default.String) == $"v2:{i}" ? 1 : 0;
        }

        await using var check = new MySqlBackend("fault-check", Settings("fault_cache"));
        await check.ConfigureAsync();
        var landed = 0;
        for (var i = 0; i < Keys; i++)
        {
            landed += await check.GetAsync(KeyOf(i), ConformanceJsonContext.Default.String) == $"v2:{i}" ? 1 : 0;
        }

        var cacheErrors = store.Errors.Count(e => e.Phase.StartsWith("cache", StringComparison.Ordinal));
        output.WriteLine($"keys {Keys}; wrong reads {wrong}; reads after the kill served right {reread}/{Keys}; writes in storage {landed}/{Keys}; cache errors recorded (last 100 kept): {cacheErrors}");
        Assert.Equal(0, wrong);
        Assert.Equal(Keys, reread);
        Assert.Equal(Keys, landed);
        Assert.True(cacheErrors > 0, "the store recorded no cache error: memcached was not down.");
    }

    [Fact]
    public async Task Storage_down_with_a_small_bound_makes_SetAsync_wait_keeps_memory_bounded_and_lands_everything_later()
    {
        const int Bound = 100;
        const int Keys = 3_000;
        const int ValueBytes = 16 * 1024; // 3,000 × 16 KB = 48 MB if the queue were unbounded
        await using var memcached = await MemcachedProcess.StartAsync();
        var cache = new MemcachedBackend("fault-cache", Tiers.Memcached(memcached));
        var storage = new MySqlBackend("fault-storage", Settings("fault_bound"));
        var store = new TieredStore("fault", cache, storage, new TieredStoreSettings { MaxPendingWrites = Bound, FlushTimeout = s_flushLimit });
        await using var tiers = new Closer(store, cache, storage);
        await store.ConfigureAsync();
        await store.SetBytesAsync("warm-up", new byte[] { 1 }); // the table exists before storage goes away
        await store.FlushAsync().WaitAsync(s_flushLimit);

        FaultMariaDbFixture.Kill(mariaDb.Server);
        var outage = Stopwatch.StartNew();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var workingSetBefore = Environment.WorkingSet;

        var accepted = 0;
        var writing = Task.Run(async () =>
        {
            for (var i = 0; i < Keys; i++)
            {
                await store.SetBytesAsync(KeyOf(i), Value(i, ValueBytes));
                Interlocked.Increment(ref accepted);
            }
        });

        // Wait until the writer is held up at the bound, then a while longer: it must stay held.
        await Wait.Until(() => store.PendingWrites == Bound, "the queue to fill up to its bound");
        await Task.Delay(TimeSpan.FromSeconds(3));
        var heldAt = Volatile.Read(ref accepted);
        var heapDuring = GC.GetTotalMemory(forceFullCollection: true);
        var workingSetDuring = Environment.WorkingSet;
        Assert.False(writing.IsCompleted, "SetAsync did not wait while storage was down and the queue full.");
        Assert.Equal(Bound, store.PendingWrites);
        Assert.Equal(Bound, heldAt);

        await mariaDb.Server.LaunchAsync();
        await FaultMariaDbFixture.MakeDurableAsync(mariaDb.Server);
        var down = outage.Elapsed;
        await writing.WaitAsync(s_flushLimit);
        await store.FlushAsync().WaitAsync(s_flushLimit);
        var recovered = outage.Elapsed - down;

        await using var check = new MySqlBackend("fault-check", Settings("fault_bound"));
        await check.ConfigureAsync();
        var landed = 0;
        for (var i = 0; i < Keys; i++)
        {
            landed += (await check.GetBytesAsync(KeyOf(i)))?.AsSpan().SequenceEqual(Value(i, ValueBytes)) == true ? 1 : 0;
        }

        var heapGrowth = heapDuring - heapBefore;
        output.WriteLine($"bound {Bound}; writer held at {heldAt} accepted writes; peak pending {store.PeakPendingWrites}");
        output.WriteLine($"managed heap growth while held: {heapGrowth / 1024.0 / 1024.0:0.0} MB (unbounded would be {Keys * (double)ValueBytes / 1024 / 1024:0} MB); working set {workingSetBefore / 1024.0 / 1024.0:0} → {workingSetDuring / 1024.0 / 1024.0:0} MB");
        output.WriteLine($"storage down {down.TotalSeconds:0.00} s; restart to all {Keys} flushed: {recovered.TotalSeconds:0.00} s; landed {landed}/{Keys}");
        Assert.Equal(Keys, landed);
        Assert.True(store.PeakPendingWrites <= Bound, $"peak pending {store.PeakPendingWrites} went over the bound {Bound}.");

        // The bound holds the queue to Bound values of ValueBytes; a queue that kept growing would hold all Keys of them.
        Assert.True(heapGrowth < Keys * (long)ValueBytes / 4, $"the heap grew by {heapGrowth} bytes while the writer was held.");
    }

    [Fact]
    public async Task Close_with_storage_down_reports_the_writes_it_could_not_flush()
    {
        await using var memcached = await MemcachedProcess.StartAsync();
        var cache = new MemcachedBackend("fault-cache", Tiers.Memcached(memcached));
        var storage = new MySqlBackend("fault-storage", Settings("fault_close"));
        var store = new TieredStore("fault", cache, storage, new TieredStoreSettings { FlushTimeout = TimeSpan.FromSeconds(1) });
        await using var tiers = new Closer(store, cache, storage);
        await store.ConfigureAsync();
        await store.SetBytesAsync("warm-up", new byte[] { 1 });
        await store.FlushAsync().WaitAsync(s_flushLimit);
        using var logs = new CapturingLoggerFactory();
        store.Logger = logs.CreateLogger("store");
        using var meters = new StoreMeters(store.Name);
        var reported = new List<BackendError>();
        store.Error += (_, e) =>
        {
            lock (reported)
            {
                reported.Add(e.Error);
            }
        };

        FaultMariaDbFixture.Kill(mariaDb.Server);
        try
        {
            for (var i = 0; i < 25; i++)
            {
                await store.SetAsync(KeyOf(i), "pending", ConformanceJsonContext.Default.String);
            }

            await store.CloseAsync();
        }
        finally
        {
            await mariaDb.Server.LaunchAsync();
            await FaultMariaDbFixture.MakeDurableAsync(mariaDb.Server);
        }

        BackendError flush;
        lock (reported)
        {
            flush = Assert.Single(reported, e => e.Phase == "flush");
        }

        var exception = Assert.IsType<TieredStoreFlushException>(flush.Exception);
        Assert.Equal(25, exception.PendingWrites);
        Assert.Contains("25 writes", flush.Message, StringComparison.Ordinal);
        Assert.Contains(store.Errors, e => e.Phase == "flush");
        Assert.Contains(logs.Lines, l => l.Contains("Critical", StringComparison.Ordinal) && l.Contains("closed with 25 writes", StringComparison.Ordinal));
        Assert.Equal(25, meters.Abandoned);
        Assert.True(meters.RetriedFailures > 0, "no failed storage attempt was counted while MariaDB was down.");
        Assert.Equal(0, store.PendingWrites);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.SetAsync("late", "x", ConformanceJsonContext.Default.String).AsTask());
    }

    [Fact]
    public async Task SIGTERM_to_a_generic_host_flushes_pending_writes_before_the_process_exits()
    {
        const int Keys = 500;
        await using var memcached = await MemcachedProcess.StartAsync();
        var probe = AppContext.BaseDirectory.Replace(
            Path.Combine("IntegrationTests", "bin"), Path.Combine("StoreHostProbe", "bin"), StringComparison.Ordinal);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment =
            {
                ["PROBE_MEMCACHED"] = memcached.Host,
                ["PROBE_MYSQL"] = mariaDb.Server.Host,
                ["PROBE_MYSQL_PASSWORD"] = mariaDb.Server.AppPassword,
                ["PROBE_TABLE"] = "fault_sigterm",
                ["PROBE_KEYS"] = Keys.ToString(CultureInfo.InvariantCulture),
                ["DOTNET_ENVIRONMENT"] = "Production",
            },
        };
        start.ArgumentList.Add(Path.Combine(probe, "StoreHostProbe.dll"));
        using var child = Process.Start(start) ?? throw new InvalidOperationException("the probe did not start.");
        var errors = new System.Text.StringBuilder();
        child.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                errors.AppendLine(e.Data);
            }
        };
        child.BeginErrorReadLine();
        var mariaDbPid = MariaDbPid(mariaDb.Server);
        var frozen = false;
        try
        {
            Assert.Equal("READY", await ReadLineAsync(child));

            // Freeze storage (SIGSTOP), so that every write is still pending when SIGTERM arrives.
            Signal(mariaDbPid, "STOP");
            frozen = true;
            await child.StandardInput.WriteLineAsync("WRITE");
            await child.StandardInput.FlushAsync();
            var pending = await ReadLineAsync(child);
            Assert.Equal($"PENDING {Keys}", pending);

            var stopping = Stopwatch.StartNew();
            Signal(child.Id, "TERM");
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.False(child.HasExited, "the host exited while its store still had writes pending.");
            Signal(mariaDbPid, "CONT");
            frozen = false;

            string? line;
            var lines = new List<string>();
            while ((line = await ReadLineAsync(child, allowEnd: true)) is not null)
            {
                lines.Add(line);
            }

            await child.WaitForExitAsync().WaitAsync(Wait.Generous);
            output.WriteLine($"SIGTERM to exit: {stopping.Elapsed.TotalSeconds:0.00} s (storage frozen for the first 2 s); exit code {child.ExitCode}; last output: {lines.LastOrDefault()}");
            Assert.Equal(0, child.ExitCode);
            Assert.Contains("EXIT pending=0 flushErrors=0", lines);
        }
        finally
        {
            if (frozen)
            {
                Signal(mariaDbPid, "CONT");
            }

            if (!child.HasExited)
            {
                child.Kill(entireProcessTree: true);
            }

            lock (errors)
            {
                output.WriteLine("probe stderr: " + errors);
            }
        }

        await using var check = new MySqlBackend("fault-check", Settings("fault_sigterm"));
        await check.ConfigureAsync();
        var landed = 0;
        for (var i = 0; i < Keys; i++)
        {
            landed += (await check.GetBytesAsync(KeyOf(i))) is { } bytes && System.Text.Encoding.UTF8.GetString(bytes) == "v" + i.ToString(CultureInfo.InvariantCulture) ? 1 : 0;
        }

        output.WriteLine($"writes pending at SIGTERM {Keys}; in MariaDB after the exit {landed}");
        Assert.Equal(Keys, landed);
    }

    private static async Task<string?> ReadLineAsync(Process child, bool allowEnd = false)
    {
        while (true)
        {
            var line = await child.StandardOutput.ReadLineAsync().WaitAsync(Wait.Generous);
            if (line is null)
            {
                return allowEnd ? null : throw new InvalidOperationException("the probe ended its output early.");
            }

            // Console logging shares stdout; the protocol lines are the ones in capitals.
            if (line.StartsWith("READY", StringComparison.Ordinal) || line.StartsWith("PENDING", StringComparison.Ordinal) ||
                line.StartsWith("EXIT", StringComparison.Ordinal) || allowEnd)
            {
                return line;
            }
        }
    }

    private static int MariaDbPid(MariaDbServer server) =>
        int.Parse(File.ReadAllText(Path.Combine(server.Directory, "mysqld.pid")).Trim(), CultureInfo.InvariantCulture);

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, pid.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    private MySqlSettings Settings(string table)
    {
        var settings = mariaDb.Server.AppSettings();
        settings.KeyValueTable = table;
        settings.StartupTimeout = TimeSpan.FromMinutes(2);
        return settings;
    }

    private static string KeyOf(int i) => "k" + i.ToString(CultureInfo.InvariantCulture);

    private static byte[] Value(int i, int length)
    {
        var value = new byte[length];
        new Random(i).NextBytes(value);
        return value;
    }

    /// <summary>Listens to the store instruments of one store on the Backends meter.</summary>
    private sealed class StoreMeters : IDisposable
    {
        private readonly System.Diagnostics.Metrics.MeterListener _listener = new();
        private long _sets;
        private long _deletes;
        private long _abandoned;
        private long _retried;
        private int _peakPending;
        private int _lastPending;

        public StoreMeters(string store)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == BackendsTelemetry.Name && instrument.Name.StartsWith("backends.store.", StringComparison.Ordinal))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            {
                if (Tag(tags, "store") != store)
                {
                    return;
                }

                switch (instrument.Name, Tag(tags, "operation") ?? Tag(tags, "reason"))
                {
                    case ("backends.store.writes", "set"): Interlocked.Add(ref _sets, value); break;
                    case ("backends.store.writes", "delete"): Interlocked.Add(ref _deletes, value); break;
                    case ("backends.store.write_failures", "abandoned"): Interlocked.Add(ref _abandoned, value); break;
                    case ("backends.store.write_failures", "retry"): Interlocked.Add(ref _retried, value); break;
                }
            });
            _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) =>
            {
                if (instrument.Name == "backends.store.pending" && Tag(tags, "store") == store)
                {
                    Volatile.Write(ref _lastPending, value);
                    int peak;
                    while (value > (peak = Volatile.Read(ref _peakPending)) && Interlocked.CompareExchange(ref _peakPending, value, peak) != peak)
                    {
                    }
                }
            });
            _listener.Start();
        }

        public long Sets => Interlocked.Read(ref _sets);

        public long Deletes => Interlocked.Read(ref _deletes);

        public long Abandoned => Interlocked.Read(ref _abandoned);

        public long RetriedFailures => Interlocked.Read(ref _retried);

        public int PeakPending => Volatile.Read(ref _peakPending);

        public int LastPending => Volatile.Read(ref _lastPending);

        public void Dispose() => _listener.Dispose();

        private static string? Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name)
        {
            foreach (var tag in tags)
            {
                if (tag.Key == name)
                {
                    return tag.Value as string;
                }
            }

            return null;
        }
    }

    /// <summary>Closes the store first (it flushes into its tiers), then the tiers.</summary>
    private sealed class Closer(TieredStore store, params IBackendConnection[] tiers) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await store.DisposeAsync();
            foreach (var tier in tiers)
            {
                await tier.DisposeAsync();
            }
        }
    }
}
