using System.Text;
using System.Text.Json.Serialization.Metadata;
using Backends.Runtime;
using Xunit;

namespace Backends.Testing;

/// <summary>
/// The <see cref="IKeyValueStore"/> conformance suite. Derive a test class from it, return a fresh, unconfigured handle
/// on a real server from <see cref="CreateStore"/>, and every case here runs against your backend. Each test class
/// instance uses keys of its own, so the suite can share a server with other tests.
/// </summary>
/// <typeparam name="TStore">The handle type: a connection that is also the store.</typeparam>
public abstract class KeyValueStoreConformance<TStore> : IAsyncLifetime
    where TStore : class, IKeyValueStore, IBackendConnection
{
    private static readonly JsonTypeInfo<ConformanceDocument> s_document = ConformanceJsonContext.Default.ConformanceDocument;
    private static readonly JsonTypeInfo<string> s_string = ConformanceJsonContext.Default.String;
    private static readonly JsonTypeInfo<int> s_int = ConformanceJsonContext.Default.Int32;
    private static readonly JsonTypeInfo<ConformanceWrite> s_write = ConformanceJsonContext.Default.ConformanceWrite;

    private readonly string _run = Guid.NewGuid().ToString("N")[..12];
    private TStore? _store;

    /// <summary>Creates a new handle on the backend under test, not yet configured (state <see cref="ConnectionState.Created"/>).</summary>
    protected abstract TStore CreateStore();

    /// <summary>The largest value, in bytes, the backend promises to hold; the suite stores values just under it.</summary>
    protected virtual int MaxValueBytes => 512 * 1024;

    /// <summary>The longest key, in UTF-8 bytes, the backend must accept (the contract's 250 less any key prefix the handle adds).</summary>
    protected virtual int MaxKeyBytes => 250;

    /// <summary>The time to live the expiry case uses.</summary>
    protected virtual TimeSpan ShortTimeToLive => TimeSpan.FromSeconds(1);

    /// <summary>How long the expiry case polls for the value to disappear before it fails.</summary>
    protected virtual TimeSpan ExpiryPollLimit => TimeSpan.FromSeconds(30);

    /// <summary>How many writers the concurrency cases run at once.</summary>
    protected virtual int Writers => 32;

    /// <summary>The configured store the cases use.</summary>
    protected TStore Store => _store ?? throw new InvalidOperationException("InitializeAsync has not run.");

    /// <inheritdoc />
    public virtual async Task InitializeAsync()
    {
        _store = CreateStore();
        await _store.ConfigureAsync();
    }

    /// <inheritdoc />
    public virtual async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    /// <summary>A key unique to this test class instance.</summary>
    protected string Key(string name) => $"kv:{_run}:{name}";

    /// <summary>Created → Configuring → Ready → Closed, usable only while Ready.</summary>
    [Fact]
    public async Task Handle_goes_from_Created_to_Ready_to_Closed_and_is_usable_only_when_ready()
    {
        var store = CreateStore();
        try
        {
            Assert.Equal(ConnectionState.Created, store.State);
            Assert.False(store.IsReady);
            Assert.False(store.Ready.IsCompleted);
            await Assert.ThrowsAnyAsync<InvalidOperationException>(() => store.GetAsync(Key("early"), s_string).AsTask());

            await store.ConfigureAsync();
            Assert.Equal(ConnectionState.Ready, store.State);
            Assert.True(store.IsReady);
            await store.Ready;
            await store.PingAsync();
            await store.SetAsync(Key("ready"), "yes", s_string);
            Assert.Equal("yes", await store.GetAsync(Key("ready"), s_string));

            await store.CloseAsync();
            Assert.Equal(ConnectionState.Closed, store.State);
            Assert.False(store.IsReady);
            await Assert.ThrowsAnyAsync<InvalidOperationException>(() => store.GetAsync(Key("ready"), s_string).AsTask());
        }
        finally
        {
            await store.DisposeAsync();
        }
    }

    /// <summary>A key never written reads as <see langword="default"/> and deletes as false.</summary>
    [Fact]
    public async Task Missing_key_reads_as_default()
    {
        Assert.Null(await Store.GetAsync(Key("missing"), s_document));
        Assert.Null(await Store.GetAsync(Key("missing"), s_string));
        Assert.Equal(0, await Store.GetAsync(Key("missing"), s_int));
        Assert.Null(await Store.GetBytesAsync(Key("missing")));
        Assert.False(await Store.DeleteAsync(Key("missing")));
    }

    /// <summary>A nested document reads back deep-equal.</summary>
    [Fact]
    public async Task Set_then_get_returns_a_deep_equal_document()
    {
        var document = SampleDocument(1);
        await Store.SetAsync(Key("doc"), document, s_document);
        var read = await Store.GetAsync(Key("doc"), s_document);
        Assert.Equal(document, read);
    }

    /// <summary>Strings survive as written: empty, non-ASCII, escapes, control characters.</summary>
    [Theory]
    [InlineData("")]
    [InlineData("plain")]
    [InlineData("héllo wörld – ünïcödé")]
    [InlineData("日本語のテキスト")]
    [InlineData("emoji 🎉🚀 and a surrogate pair 𝄞")]
    [InlineData("line\nbreak\r\n\ttab")]
    [InlineData("\"quotes\" and \\backslashes\\")]
    [InlineData("nul \0 inside")]
    public async Task Strings_round_trip_exactly(string value)
    {
        var key = Key("str:" + Convert.ToHexString(Encoding.UTF8.GetBytes(value))[..Math.Min(40, value.Length * 2)]);
        await Store.SetAsync(key, value, s_string);
        Assert.Equal(value, await Store.GetAsync(key, s_string));
    }

    /// <summary>Raw bytes round-trip exactly, including every byte value and the empty value.</summary>
    [Fact]
    public async Task Raw_bytes_round_trip_exactly()
    {
        var all = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        await Store.SetBytesAsync(Key("bytes"), all);
        Assert.Equal(all, await Store.GetBytesAsync(Key("bytes")));

        await Store.SetBytesAsync(Key("empty"), ReadOnlyMemory<byte>.Empty);
        Assert.Equal(Array.Empty<byte>(), await Store.GetBytesAsync(Key("empty")));
    }

    /// <summary>Values just under the backend's limit are stored whole.</summary>
    [Fact]
    public async Task Large_values_near_the_limit_round_trip()
    {
        var bytes = new byte[MaxValueBytes];
        new Random(42).NextBytes(bytes);
        await Store.SetBytesAsync(Key("large-bytes"), bytes);
        Assert.Equal(bytes, await Store.GetBytesAsync(Key("large-bytes")));

        var document = SampleDocument(2);
        document.Payload = new string('x', MaxValueBytes - 4096); // room for the rest of the document
        await Store.SetAsync(Key("large-doc"), document, s_document);
        Assert.Equal(document, await Store.GetAsync(Key("large-doc"), s_document));
    }

    /// <summary>A second write replaces the first.</summary>
    [Fact]
    public async Task Set_overwrites_the_previous_value()
    {
        await Store.SetAsync(Key("over"), SampleDocument(1), s_document);
        var second = SampleDocument(2);
        second.Tags = [];
        second.Address = null;
        await Store.SetAsync(Key("over"), second, s_document);
        Assert.Equal(second, await Store.GetAsync(Key("over"), s_document));
    }

    /// <summary>Delete says whether the key existed, and the key reads as missing afterwards.</summary>
    [Fact]
    public async Task Delete_removes_the_value_and_reports_whether_it_existed()
    {
        await Store.SetAsync(Key("del"), "value", s_string);
        Assert.True(await Store.DeleteAsync(Key("del")));
        Assert.Null(await Store.GetAsync(Key("del"), s_string));
        Assert.Null(await Store.GetBytesAsync(Key("del")));
        Assert.False(await Store.DeleteAsync(Key("del")));

        await Store.SetAsync(Key("del"), "again", s_string);
        Assert.Equal("again", await Store.GetAsync(Key("del"), s_string));
    }

    /// <summary>How many rounds the set/delete race case runs; each round races <see cref="Writers"/> pairs on keys of their own.</summary>
    protected virtual int RaceRounds => 100;

    /// <summary>
    /// A delete racing a set on a key that did not exist: whenever the delete answers false (it found nothing), the
    /// set's value must still be there afterwards, since a delete that saw nothing cannot have removed it.
    /// </summary>
    [Fact]
    public async Task A_delete_that_reports_false_never_removes_a_concurrent_write()
    {
        var lost = 0;
        var races = 0;
        for (var round = 0; round < RaceRounds; round++)
        {
            var keys = Enumerable.Range(0, Writers)
                .Select(pair => Key(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"race:{round}:{pair}")))
                .ToArray();
            using var start = new ManualResetEventSlim();
            var pairs = keys.Select((key, pair) => Task.Run(async () =>
            {
                var set = Task.Run(async () =>
                {
                    start.Wait();
                    await Store.SetAsync(key, "value", s_string);
                });
                var delete = Task.Run(async () =>
                {
                    start.Wait();

                    // Stagger the two a little differently in each pair, so that some deletes land inside the set.
                    Thread.SpinWait(pair * 50);
                    return await Store.DeleteAsync(key);
                });
                await set;
                return await delete ? 0 : await Store.GetAsync(key, s_string) == "value" ? 1 : -1;
            })).ToArray();
            start.Set();
            foreach (var outcome in await Task.WhenAll(pairs))
            {
                races += outcome == 0 ? 0 : 1;
                lost += outcome < 0 ? 1 : 0;
            }
        }

        Assert.True(lost == 0, $"in {lost} of {races} races where DeleteAsync returned false the concurrent write was gone ({RaceRounds * Writers} races in all).");
    }

    /// <summary>Zero and negative times to live are rejected with <see cref="ArgumentOutOfRangeException"/>, before anything is written.</summary>
    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(-10_000_000L)]
    public async Task Zero_or_negative_time_to_live_is_rejected(long ticks)
    {
        var ttl = TimeSpan.FromTicks(ticks);
        var key = Key("bad-ttl:" + ticks.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.SetAsync(key, "v", s_string, ttl).AsTask());
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.SetBytesAsync(key, new byte[] { 1 }, ttl).AsTask());
        Assert.Null(await Store.GetAsync(key, s_string));
    }

    /// <summary><see cref="Timeout.InfiniteTimeSpan"/> means no expiry, as <see langword="null"/> does.</summary>
    [Fact]
    public async Task Infinite_time_to_live_means_no_expiry()
    {
        await Store.SetAsync(Key("infinite"), "kept", s_string, Timeout.InfiniteTimeSpan);
        await Store.SetBytesAsync(Key("infinite-bytes"), new byte[] { 7 }, Timeout.InfiniteTimeSpan);
        Assert.Equal("kept", await Store.GetAsync(Key("infinite"), s_string));
        Assert.Equal(new byte[] { 7 }, await Store.GetBytesAsync(Key("infinite-bytes")));
    }

    /// <summary>A time to live that would carry the expiry past the last representable date is rejected, not wrapped or ignored.</summary>
    [Fact]
    public async Task A_time_to_live_past_the_last_date_is_rejected()
    {
        var key = Key("overflow-ttl");
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.SetAsync(key, "v", s_string, TimeSpan.MaxValue).AsTask());
        Assert.Contains("time to live", error.Message, StringComparison.OrdinalIgnoreCase);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.SetBytesAsync(key, new byte[] { 1 }, DateTime.MaxValue - DateTime.UtcNow).AsTask());
        Assert.Null(await Store.GetAsync(key, s_string));
    }

    /// <summary>A value with a time to live disappears; values without one, or with a long one, stay.</summary>
    [Fact]
    public async Task Time_to_live_expires_the_value()
    {
        await Store.SetAsync(Key("short"), "short", s_string, ShortTimeToLive);
        await Store.SetAsync(Key("long"), "long", s_string, TimeSpan.FromHours(1));
        await Store.SetAsync(Key("forever"), "forever", s_string);
        await Store.SetBytesAsync(Key("short-bytes"), new byte[] { 1, 2, 3 }, ShortTimeToLive);

        // Poll for the condition, bounded; never assert on how long it took.
        var deadline = DateTime.UtcNow + ExpiryPollLimit;
        while (await Store.GetAsync(Key("short"), s_string) is not null || await Store.GetBytesAsync(Key("short-bytes")) is not null)
        {
            Assert.True(DateTime.UtcNow < deadline, $"a value with a time to live of {ShortTimeToLive} was still there after {ExpiryPollLimit}.");
            await Task.Delay(100);
        }

        Assert.Equal("long", await Store.GetAsync(Key("long"), s_string));
        Assert.Equal("forever", await Store.GetAsync(Key("forever"), s_string));
    }

    /// <summary>Concurrent writers to distinct keys all land, and each reads its own value back.</summary>
    [Fact]
    public async Task Concurrent_writers_to_distinct_keys_all_land()
    {
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(async i =>
        {
            var document = SampleDocument(i);
            await Store.SetAsync(Key("distinct:" + i), document, s_document);
            Assert.Equal(document, await Store.GetAsync(Key("distinct:" + i), s_document));
        }));

        for (var i = 0; i < Writers; i++)
        {
            Assert.Equal(SampleDocument(i), await Store.GetAsync(Key("distinct:" + i), s_document));
        }
    }

    /// <summary>Concurrent writers to one key leave exactly one writer's whole value; a later write then wins.</summary>
    [Fact]
    public async Task Concurrent_writers_to_one_key_leave_one_whole_value_and_the_last_write_wins()
    {
        var key = Key("contended");
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(async writer =>
        {
            for (var round = 0; round < 5; round++)
            {
                await Store.SetAsync(key, new ConformanceWrite(writer, Enumerable.Repeat(writer, 2000).ToArray()), s_write);
                var seen = await Store.GetAsync(key, s_write);
                AssertWhole(seen);
            }
        }));

        AssertWhole(await Store.GetAsync(key, s_write));
        var last = new ConformanceWrite(-1, Enumerable.Repeat(-1, 2000).ToArray());
        await Store.SetAsync(key, last, s_write);
        var final = await Store.GetAsync(key, s_write);
        Assert.NotNull(final);
        Assert.Equal(-1, final.Writer);
        Assert.Equal(last.Items, final.Items);

        static void AssertWhole(ConformanceWrite? value)
        {
            Assert.NotNull(value);
            Assert.Equal(2000, value.Items.Count);
            Assert.All(value.Items, item => Assert.Equal(value.Writer, item));
        }
    }

    /// <summary>An already-cancelled token makes every operation throw <see cref="OperationCanceledException"/>.</summary>
    [Fact]
    public async Task Cancelled_token_throws_OperationCanceledException()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var token = cancelled.Token;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.GetAsync(Key("c"), s_string, token).AsTask());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.SetAsync(Key("c"), "v", s_string, null, token).AsTask());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.GetBytesAsync(Key("c"), token).AsTask());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.SetBytesAsync(Key("c"), new byte[] { 1 }, null, token).AsTask());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.DeleteAsync(Key("c"), token).AsTask());
        Assert.Null(await Store.GetAsync(Key("c"), s_string)); // nothing was written
    }

    /// <summary>Keys the contract forbids are rejected with an <see cref="ArgumentException"/> that says what is wrong.</summary>
    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("tab\there")]
    [InlineData("new\nline")]
    [InlineData("carriage\rreturn")]
    [InlineData("control\u0001char")]
    [InlineData("delete\u007fchar")]
    public async Task Bad_keys_are_rejected_with_a_clear_error(string key)
    {
        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.SetAsync(key, "v", s_string).AsTask());
        Assert.Contains("key", error.Message, StringComparison.OrdinalIgnoreCase);
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.GetAsync(key, s_string).AsTask());
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.DeleteAsync(key).AsTask());
    }

    /// <summary>A key over the length limit is rejected and the message names the limit; one at the limit works.</summary>
    [Fact]
    public async Task Keys_over_the_length_limit_are_rejected_and_keys_at_it_work()
    {
        var atLimit = Key("long:").PadRight(MaxKeyBytes, 'k');
        await Store.SetAsync(atLimit, "fits", s_string);
        Assert.Equal("fits", await Store.GetAsync(atLimit, s_string));

        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.SetAsync(atLimit + "k", "v", s_string).AsTask());
        Assert.Contains("250", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<ArgumentNullException>(() => Store.GetAsync(null!, s_string).AsTask());
    }

    /// <summary>A sample nested document, different for each <paramref name="seed"/>.</summary>
    protected static ConformanceDocument SampleDocument(int seed) => new()
    {
        Id = seed,
        Name = seed % 2 == 0 ? "" : $"Ünïcödé näme {seed} – 日本 🎉",
        Score = seed + 0.125,
        CreatedAt = new DateTimeOffset(2024, 2, 29, 12, 30, 15, TimeSpan.FromHours(2)).AddMinutes(seed),
        Address = new ConformanceAddress($"{seed} Main Street", "Zürich", ["c/o \"someone\"", "", "line\nbreak"]),
        Tags = ["a", "", "ß", seed.ToString(System.Globalization.CultureInfo.InvariantCulture)],
        History = [new ConformanceAddress("Old Road", "Köln", []), new ConformanceAddress("", "", ["x"])],
        Counters = new Dictionary<string, int> { ["visits"] = seed, ["ünï"] = -seed },
    };
}
