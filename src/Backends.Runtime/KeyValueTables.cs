namespace Backends.Runtime;

/// <summary>
/// Rules shared by key/value stores that keep their entries in a table of their own (the MySQL and SQLite handles,
/// and third-party SQL adapters): the table name a setting may give, and what a time to live means.
/// </summary>
public static class KeyValueTables
{
    /// <summary>
    /// Returns <paramref name="table"/> when it is 1 to 64 ASCII letters, digits or underscores (safe to quote in any
    /// SQL dialect); otherwise throws a <see cref="BackendConfigurationException"/> naming <paramref name="connection"/>.
    /// </summary>
    public static string ValidateName(string? table, string connection)
    {
        if (string.IsNullOrEmpty(table) || table.Length > 64 || !table.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            throw new BackendConfigurationException(
                $"{connection}: keyValueTable \"{table}\" is not a valid table name: write 1 to 64 letters, digits or underscores.");
        }

        return table;
    }

    /// <summary>
    /// Returns the life of a value, the one rule every <see cref="IKeyValueStore"/> applies: <see langword="null"/> (no
    /// expiry) for <see langword="null"/> or <see cref="Timeout.InfiniteTimeSpan"/>, the span itself when positive.
    /// Throws <see cref="ArgumentOutOfRangeException"/> for zero, any other negative span, and a span that would end
    /// after the last date a store can keep (<see cref="DateTime.MaxValue"/>, 9999-12-31).
    /// </summary>
    public static TimeSpan? TimeToLive(TimeSpan? ttl) => ttl switch
    {
        null => null,
        { } infinite when infinite == Timeout.InfiniteTimeSpan => null,
        { } life when life <= TimeSpan.Zero =>
            throw new ArgumentOutOfRangeException(nameof(ttl), life, "A time to live must be positive; pass null or Timeout.InfiniteTimeSpan for no expiry."),
        { } life when life >= DateTime.MaxValue - DateTime.UtcNow =>
            throw new ArgumentOutOfRangeException(nameof(ttl), life, "A time to live that long would end after 9999-12-31, the last date a store can keep; pass null or Timeout.InfiniteTimeSpan for no expiry."),
        { } life => life,
    };
}
