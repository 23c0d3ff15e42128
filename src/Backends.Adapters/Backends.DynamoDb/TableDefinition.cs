using System.Globalization;

namespace Backends.DynamoDb;

/// <summary>
/// A declared table as the runtime sees it: its name, key schema, billing, global secondary indexes and TTL attribute.
/// Start-up (<see cref="DynamoDbBackend"/>) creates it when it does not exist. Used by generated code: one static
/// definition per table declared under <c>"tables"</c> in <c>backends.json</c>, passed to
/// <see cref="DynamoDbBackend.RegisterTable"/> (or to a <see cref="DynamoTable{T}"/> constructor, which registers it).
/// </summary>
/// <param name="Name">The table name before the connection's <c>tablePrefix</c>: 3 to 255 characters of <c>[A-Za-z0-9_.-]</c>.</param>
/// <param name="HashKey">The partition key.</param>
public sealed record TableDefinition(string Name, TableKey HashKey)
{
    /// <summary>The sort key, if any. A table with one is not an <c>IRepository</c> (its items have two-part keys).</summary>
    public TableKey? RangeKey { get; init; }

    /// <summary>Provisioned read capacity units; give both capacities or neither (then the table is on-demand, PAY_PER_REQUEST).</summary>
    public long? ReadCapacity { get; init; }

    /// <summary>Provisioned write capacity units; give both capacities or neither.</summary>
    public long? WriteCapacity { get; init; }

    /// <summary>The global secondary indexes.</summary>
    public IReadOnlyList<IndexDefinition> Indexes { get; init; } = [];

    /// <summary>
    /// The attribute holding each item's expiry in epoch seconds (a number), or <see langword="null"/>. Start-up enables
    /// DynamoDB's TTL on it where the server supports that; reads treat an item whose expiry has passed as missing either way.
    /// </summary>
    public string? TimeToLiveAttribute { get; init; }

    /// <summary>Whether the table is provisioned (both capacities given) rather than on-demand.</summary>
    public bool IsProvisioned => ReadCapacity is not null;

    /// <summary>The index named <paramref name="name"/>; throws <see cref="ArgumentException"/> naming the declared ones when there is none.</summary>
    public IndexDefinition Index(string name) =>
        Indexes.FirstOrDefault(i => i.Name == name)
        ?? throw new ArgumentException(
            $"The table \"{Name}\" has no index \"{name}\"; its indexes: {(Indexes.Count == 0 ? "none" : string.Join(", ", Indexes.Select(i => i.Name)))}.",
            nameof(name));

    /// <summary>Throws <see cref="ArgumentException"/> naming the first rule this definition breaks.</summary>
    public void Validate()
    {
        ValidateName(Name, "table");
        ValidateKey(HashKey, "hash key");
        if (RangeKey is { } range)
        {
            ValidateKey(range, "range key");
            if (range.Name == HashKey.Name)
            {
                throw Invalid($"its range key \"{range.Name}\" is also its hash key");
            }
        }

        ValidateCapacity(ReadCapacity, WriteCapacity, $"table \"{Name}\"");
        if (TimeToLiveAttribute is { Length: 0 })
        {
            throw Invalid("its TTL attribute name is empty");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var index in Indexes ?? throw Invalid("Indexes is null"))
        {
            ValidateName(index.Name, "index");
            if (!seen.Add(index.Name))
            {
                throw Invalid($"the index \"{index.Name}\" is declared twice");
            }

            ValidateKey(index.HashKey, $"index \"{index.Name}\" hash key");
            if (index.RangeKey is { } indexRange)
            {
                ValidateKey(indexRange, $"index \"{index.Name}\" range key");
            }

            ValidateCapacity(index.ReadCapacity, index.WriteCapacity, $"index \"{index.Name}\"");
            if (!IsProvisioned && index.ReadCapacity is not null)
            {
                throw Invalid($"the index \"{index.Name}\" has capacities but the table is on-demand: give the table capacities too, or none to the index");
            }

            // DynamoDB types every attribute once per table: the same name as a key of two types cannot be created.
            foreach (var key in new[] { index.HashKey, index.RangeKey }.Where(k => k is not null).Select(k => k!.Value))
            {
                foreach (var other in KeyAttributes())
                {
                    if (other.Name == key.Name && other.Type != key.Type)
                    {
                        throw Invalid($"the attribute \"{key.Name}\" is a key of two types ({TableKey.Letter(other.Type)} and {TableKey.Letter(key.Type)})");
                    }
                }
            }
        }
    }

    /// <summary>Every key attribute of the table and its indexes, each name once (the table's attribute definitions).</summary>
    internal IEnumerable<TableKey> KeyAttributes()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var keys = new List<TableKey?> { HashKey, RangeKey };
        foreach (var index in Indexes)
        {
            keys.Add(index.HashKey);
            keys.Add(index.RangeKey);
        }

        foreach (var key in keys)
        {
            if (key is { } k && seen.Add(k.Name))
            {
                yield return k;
            }
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="name"/> is a valid DynamoDB table or index name.</summary>
    internal static void ValidateName(string? name, string what)
    {
        if (name is null || name.Length < 3 || name.Length > 255 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-'))
        {
            throw new ArgumentException(
                $"\"{name}\" is not a valid DynamoDB {what} name: write 3 to 255 letters, digits, '_', '.' or '-'.", nameof(name));
        }
    }

    private static void ValidateKey(TableKey key, string what)
    {
        if (string.IsNullOrEmpty(key.Name))
        {
            throw new ArgumentException($"The {what} has no attribute name.", nameof(key));
        }

        if (!Enum.IsDefined(key.Type))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The {what} \"{key.Name}\" has an unknown type {(int)key.Type}."), nameof(key));
        }
    }

    private void ValidateCapacity(long? read, long? write, string what)
    {
        if ((read is null) != (write is null))
        {
            throw Invalid($"{what} gives {(read is null ? "writeCapacity" : "readCapacity")} only: give both, or neither for on-demand billing");
        }

        if (read <= 0 || write <= 0)
        {
            throw Invalid($"{what} has a capacity below 1");
        }
    }

    private ArgumentException Invalid(string problem) => new($"The DynamoDB table definition \"{Name}\" is invalid: {problem}.");
}
