using System.Text.Json.Serialization;

namespace Backends.Testing;

/// <summary>A nested document the conformance suite stores and reads back; equality is deep.</summary>
public sealed class ConformanceDocument : IEquatable<ConformanceDocument>
{
    /// <summary>An identifier.</summary>
    public int Id { get; set; }

    /// <summary>Text, possibly empty or non-ASCII.</summary>
    public string Name { get; set; } = "";

    /// <summary>A number with a fraction.</summary>
    public double Score { get; set; }

    /// <summary>A point in time.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>An optional nested object.</summary>
    public ConformanceAddress? Address { get; set; }

    /// <summary>A list of strings.</summary>
    public List<string> Tags { get; set; } = [];

    /// <summary>A list of nested objects.</summary>
    public List<ConformanceAddress> History { get; set; } = [];

    /// <summary>A map.</summary>
    public Dictionary<string, int> Counters { get; set; } = [];

    /// <summary>Large opaque text, for values near a backend's size limit.</summary>
    public string? Payload { get; set; }

    /// <inheritdoc />
    public bool Equals(ConformanceDocument? other) =>
        other is not null &&
        Id == other.Id &&
        Name == other.Name &&
        Score.Equals(other.Score) &&
        CreatedAt.Equals(other.CreatedAt) &&
        Equals(Address, other.Address) &&
        Tags.SequenceEqual(other.Tags) &&
        History.SequenceEqual(other.History) &&
        Counters.Count == other.Counters.Count && Counters.All(p => other.Counters.TryGetValue(p.Key, out var v) && v == p.Value) &&
        Payload == other.Payload;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ConformanceDocument);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Id, Name, Tags.Count);
}

/// <summary>A nested object of <see cref="ConformanceDocument"/>.</summary>
/// <param name="Street">A street.</param>
/// <param name="City">A city.</param>
/// <param name="Lines">Extra lines.</param>
public sealed record ConformanceAddress(string Street, string City, IReadOnlyList<string> Lines)
{
    /// <inheritdoc />
    public bool Equals(ConformanceAddress? other) =>
        other is not null && Street == other.Street && City == other.City && Lines.SequenceEqual(other.Lines);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Street, City, Lines.Count);
}

/// <summary>What one concurrent writer stores: every item carries the writer's id, so a torn value shows.</summary>
/// <param name="Writer">The writer's id.</param>
/// <param name="Items">Copies of the writer's id.</param>
public sealed record ConformanceWrite(int Writer, IReadOnlyList<int> Items);

/// <summary>The source-generated JSON metadata of the conformance types (AOT-safe, no reflection).</summary>
[JsonSerializable(typeof(ConformanceDocument))]
[JsonSerializable(typeof(ConformanceWrite))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(List<ConformanceDocument>))]
public sealed partial class ConformanceJsonContext : JsonSerializerContext;
