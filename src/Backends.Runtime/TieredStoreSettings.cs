namespace Backends.Runtime;

/// <summary>
/// The settings of a <see cref="TieredStore"/>: the <c>"stores"</c> section of <c>backends.json</c>
/// (<c>cacheTtl</c>, <c>maxPendingWrites</c>, <c>flushTimeout</c>) plus the background writer's retry delays.
/// </summary>
public sealed class TieredStoreSettings : BackendSettings
{
    /// <summary>
    /// A cap on the life of the cache copy of a value, which bounds how stale another instance's cache can be.
    /// <see langword="null"/> (the default): the cache copy lives as long as the value's own time to live.
    /// </summary>
    public TimeSpan? CacheTtl { get; set; }

    /// <summary>
    /// The most storage writes that may wait to be done; <see cref="TieredStore.SetAsync{T}"/> waits while the bound is
    /// reached (back-pressure). A write to a key that already has a write waiting replaces it and takes no room. Default 10,000.
    /// </summary>
    public int MaxPendingWrites { get; set; } = 10_000;

    /// <summary>How long closing the store (and host shutdown) waits for pending writes to reach storage. Default 30 seconds.</summary>
    public TimeSpan FlushTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The most storage writes one background batch carries out at once. Default 64.</summary>
    public int WriteBatchSize { get; set; } = 64;

    /// <summary>The first delay before the background writer retries after storage failed; doubles up to <see cref="MaxWriteRetryDelay"/>. Default 50 ms.</summary>
    public TimeSpan WriteRetryDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The longest delay between the background writer's retries while storage is down. Default 2 seconds.</summary>
    public TimeSpan MaxWriteRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a value refilled into the cache from a storage that cannot tell its remaining life lives, when <see cref="CacheTtl"/> is not set. Default 1 minute.</summary>
    public TimeSpan RefillTtl { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Throws <see cref="BackendConfigurationException"/> naming <paramref name="store"/> for a value out of range.</summary>
    public void Validate(string store)
    {
        if (CacheTtl is { } cacheTtl && cacheTtl <= TimeSpan.Zero && cacheTtl != Timeout.InfiniteTimeSpan)
        {
            throw new BackendConfigurationException($"{store}: cacheTtl must be positive.");
        }

        if (MaxPendingWrites < 1)
        {
            throw new BackendConfigurationException($"{store}: maxPendingWrites must be at least 1.");
        }

        if (FlushTimeout < TimeSpan.Zero && FlushTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new BackendConfigurationException($"{store}: flushTimeout must not be negative.");
        }

        if (WriteBatchSize < 1 || WriteRetryDelay <= TimeSpan.Zero || MaxWriteRetryDelay < WriteRetryDelay || RefillTtl <= TimeSpan.Zero)
        {
            throw new BackendConfigurationException($"{store}: writeBatchSize must be at least 1 and the retry and refill delays positive.");
        }
    }

    /// <inheritdoc />
    protected override void Describe(SettingsText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text.Add("cacheTtl", CacheTtl)
            .Add("maxPendingWrites", MaxPendingWrites)
            .Add("flushTimeout", FlushTimeout);
    }
}
