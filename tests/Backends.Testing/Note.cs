namespace Backends.Testing;

/// <summary>A row for Dapper round trips.</summary>
public sealed class Note
{
    /// <summary>The row id.</summary>
    public long Id { get; set; }

    /// <summary>The text.</summary>
    public string Text { get; set; } = "";

    /// <summary>An optional score (NULL when absent).</summary>
    public double? Score { get; set; }
}
