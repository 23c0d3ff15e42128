namespace Backends.Testing;

/// <summary>
/// The document the <see cref="RepositoryConformance"/> suite stores: <see cref="Id"/> is the key, <see cref="Email"/>
/// must have a declared index, <see cref="Name"/> must not. Equality is deep.
/// </summary>
public sealed class ConformanceUser : IEquatable<ConformanceUser>
{
    /// <summary>The key.</summary>
    public string Id { get; set; } = "";

    /// <summary>Indexed: FindAsync searches by it.</summary>
    public string Email { get; set; } = "";

    /// <summary>Not indexed: FindAsync by it must throw.</summary>
    public string Name { get; set; } = "";

    /// <summary>A number.</summary>
    public int Age { get; set; }

    /// <summary>A point in time (compared as an instant).</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>A list.</summary>
    public List<string> Tags { get; set; } = [];

    /// <inheritdoc />
    public bool Equals(ConformanceUser? other) =>
        other is not null && Id == other.Id && Email == other.Email && Name == other.Name && Age == other.Age
        && CreatedAt.Equals(other.CreatedAt) && Tags.SequenceEqual(other.Tags);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ConformanceUser);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Id, Email, Age);

    /// <inheritdoc />
    public override string ToString() => $"{Id} <{Email}> {Name} {Age}";
}
