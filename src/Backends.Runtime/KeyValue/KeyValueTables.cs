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
    /// Returns the life of a value: <see langword="null"/> (no expiry) for <see langword="null"/> or
    /// <see cref="Timeout.InfiniteTimeSpan"/>, the span itself when positive; throws
    /// <see cref="ArgumentOutOfRangeException"/> for zero or any other negative span.
    /// </summary>
    public static TimeSpan? TimeToLive(TimeSpan? ttl) => ttl switch
    {
        null => null,
        { } infinite when infinite == Timeout.InfiniteTimeSpan => null,
        { } life when life > TimeSpan.Zero => life,
        { } life => throw new ArgumentOutOfRangeException(nameof(ttl), life, "A time to live must be positive; pass null for no expiry."),
    };
}
