namespace Backends.Memcached.Protocol;

/// <summary>What one connection holds: requests waiting for answers and the sizes of its buffers.</summary>
internal readonly record struct ConnectionStats(int InFlight, int ReadBuffer, int WriteBuffer);
