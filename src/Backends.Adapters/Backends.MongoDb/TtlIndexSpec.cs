namespace Backends.MongoDb;

/// <summary>A TTL index: the server removes a document once <see cref="Field"/> (a date) is <see cref="Seconds"/> in the past.</summary>
/// <param name="Field">The date field.</param>
/// <param name="Seconds">How long after the field's date the document expires; 0 makes the field itself the expiry time.</param>
public sealed record TtlIndexSpec(string Field, int Seconds);
