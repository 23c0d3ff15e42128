namespace Backends.Runtime;

/// <summary>A stored value and how long it has left to live.</summary>
/// <param name="Value">The raw bytes.</param>
/// <param name="TimeToLive">The remaining life; <see langword="null"/> when the value never expires.</param>
public sealed record KeyValueEntry(byte[] Value, TimeSpan? TimeToLive);
