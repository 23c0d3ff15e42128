namespace IntegrationTests.MySql;

/// <summary>A row for Dapper round trips.</summary>
public sealed class Note
{
    public long Id { get; set; }

    public string Text { get; set; } = "";

    public double? Score { get; set; }
}
