namespace Backends.Memcached.Protocol;

/// <summary>What one connection holds: requests waiting for answers and the sizes of its buffers.</summary>
/// <param name="InFlight">Requests waiting for their answers.</param>
/// <param name="ReadBuffer">The size of the read buffer.</param>
/// <param name="WriteBuffer">The size of the larger of the write buffers.</param>
/// <param name="InlineAnswers">Requests answered while their caller waited inline, on its own thread.</param>
/// <param name="ReaderLoops">How often the reader thread took over the receive side.</param>
/// <param name="Reader">The link's reader thread, once started.</param>
/// <param name="RoundTrip">The usual time of an inline round trip (zero before the first).</param>
/// <param name="Spin">How long the next inline caller keeps reading before it sleeps.</param>
internal readonly record struct ConnectionStats(
    int InFlight,
    int ReadBuffer,
    int WriteBuffer,
    long InlineAnswers = 0,
    long ReaderLoops = 0,
    Thread? Reader = null,
    TimeSpan RoundTrip = default,
    TimeSpan Spin = default);
