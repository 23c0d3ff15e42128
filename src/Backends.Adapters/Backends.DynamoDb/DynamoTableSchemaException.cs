namespace Backends.DynamoDb;

/// <summary>
/// A declared table exists with another key schema (or lacks a declared index): waiting cannot fix it, so start-up
/// fails at once. The message names the table and every difference.
/// </summary>
public sealed class DynamoTableSchemaException : Exception
{
    /// <summary>Creates the exception for <paramref name="table"/>.</summary>
    public DynamoTableSchemaException(string table, IReadOnlyList<string> differences)
        : base($"The DynamoDB table \"{table}\" exists with another schema than declared: {string.Join("; ", differences ?? [])}. "
            + "Change the declaration in backends.json, or delete (or rename) the table so that start-up creates it as declared.")
    {
        Table = table;
        Differences = differences ?? [];
    }

    /// <summary>Creates the exception with a message only.</summary>
    public DynamoTableSchemaException(string message)
        : base(message)
    {
        Table = "";
        Differences = [];
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public DynamoTableSchemaException(string message, Exception innerException)
        : base(message, innerException)
    {
        Table = "";
        Differences = [];
    }

    /// <summary>Creates the exception with no message.</summary>
    public DynamoTableSchemaException()
        : this("A DynamoDB table exists with another schema than declared.")
    {
    }

    /// <summary>The table's full name (with the prefix).</summary>
    public string Table { get; }

    /// <summary>Each difference, as a sentence (<c>hash key: declared customerId (S), found id (S)</c>).</summary>
    public IReadOnlyList<string> Differences { get; }
}
