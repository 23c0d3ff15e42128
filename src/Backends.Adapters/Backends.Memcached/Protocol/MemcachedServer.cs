using System.Diagnostics.CodeAnalysis;
using System.Net.Sockets;

namespace Backends.Memcached.Protocol;

/// <summary>
/// One configured server: a fixed number of connection slots, each opened on first use and reopened after it
/// breaks, and whether the server is dead. A dead server is left out of the ring and no request is sent to it; a
/// probe (a fresh connection and an <c>mn</c>, optionally after <c>flush_all</c>) runs off the request path every
/// retry interval, and only an answered probe brings the server back.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "The cancellation source is disposed by CloseAsync, which the client's DisposeAsync awaits.")]
internal sealed class MemcachedServer
{
    private static readonly TimeSpan MinimumProbeInterval = TimeSpan.FromMilliseconds(20);
    private const int SendBufferSize = 64 * 1024;

    private readonly MemcachedClient _client;
    private readonly MemcachedLink?[] _links;
    private readonly Task<MemcachedLink>?[] _connecting;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _closing = new();
    private Task _probing = Task.CompletedTask;
    private bool _dead;
    private uint _next;
    private bool _closed;

    public MemcachedServer(MemcachedClient client, MemcachedServerAddress address, int connections)
    {
        _client = client;
        Address = address;
        Name = address.ToString();
        _links = new MemcachedLink?[connections];
        _connecting = new Task<MemcachedLink>?[connections];
    }

    public MemcachedServerAddress Address { get; }

    public string Name { get; }

    /// <summary>Whether the server is dead: out of the ring until it answers a probe.</summary>
    public bool IsDead => Volatile.Read(ref _dead);

    /// <summary>Sends <paramref name="operation"/> on the next connection, opening it first when needed.</summary>
    /// <param name="operation">The request.</param>
    /// <param name="cancellationToken">Stops the caller's wait.</param>
    /// <param name="deferInline">See <see cref="MemcachedLink.TryEnqueue"/>: the caller reads an idle connection's answer itself, later.</param>
    public ValueTask ExecuteAsync(MemcachedOperation operation, CancellationToken cancellationToken, bool deferInline = false)
    {
        // An idle connection first, the lowest-numbered: a single caller keeps to one connection (and so to one of the
        // server's worker threads, which stays warm) and reads its answers inline. Under load none is idle and the
        // requests go round the connections, pipelined.
        for (var i = 0; i < _links.Length; i++)
        {
            if (Volatile.Read(ref _links[i]) is { IsIdle: true } idle && idle.TryEnqueue(operation, cancellationToken, deferInline))
            {
                return operation.AsValueTask();
            }
        }

        var slot = (int)(Interlocked.Increment(ref _next) % (uint)_links.Length);
        var link = Volatile.Read(ref _links[slot]);
        if (link is not null && link.TryEnqueue(operation, cancellationToken, deferInline))
        {
            return operation.AsValueTask();
        }

        return ExecuteSlowlyAsync(slot, operation, cancellationToken);
    }

    /// <summary>The connection is not open yet, has failed, or is full: (re)open it, or wait for room on it.</summary>
    private async ValueTask ExecuteSlowlyAsync(int slot, MemcachedOperation operation, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var link = await ConnectAsync(slot, cancellationToken).ConfigureAwait(false);
            if (link.TryEnqueue(operation, cancellationToken))
            {
                await operation.AsValueTask().ConfigureAwait(false);
                return;
            }

            if (await link.EnqueueAsync(operation, cancellationToken).ConfigureAwait(false))
            {
                await operation.AsValueTask().ConfigureAwait(false);
                return;
            }

            if (attempt == 2)
            {
                throw new MemcachedServerUnavailableException($"memcached server {Name} dropped the connection as it opened.") { Server = Name };
            }
        }
    }

    private Task<MemcachedLink> ConnectAsync(int slot, CancellationToken cancellationToken)
    {
        Task<MemcachedLink> connecting;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, typeof(MemcachedClient));
            if (_links[slot] is { IsFailed: false } link)
            {
                return Task.FromResult(link);
            }

            if (_dead)
            {
                throw new MemcachedServerUnavailableException(
                    $"memcached server {Name} is marked dead after a failure; it is probed every {_client.Options.DeadServerRetryInterval.TotalMilliseconds:0} ms (deadServerRetryInterval) and takes its keys back once it answers.")
                {
                    Server = Name,
                };
            }

            connecting = _connecting[slot] ??= OpenAsync(slot);
        }

        return connecting.WaitAsync(cancellationToken);
    }

    private async Task<MemcachedLink> OpenAsync(int slot)
    {
        await Task.Yield(); // leave the gate before the connect starts
        // A small send buffer keeps what the kernel holds close to what the server has read, so that a send making
        // progress (each chunk the kernel takes) tells a slow link from a server that stopped reading: see the read timeout.
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, SendBufferSize = SendBufferSize };
        try
        {
            await ConnectWithoutEngineAsync(socket, Address.ToEndPoint(), _client.Options.ConnectTimeout).ConfigureAwait(false);

            var link = new MemcachedLink(socket, this, _client.Options.MaxInFlightPerConnection, _client.Options.InlineWait, _client.Options.SpinWait)
            {
                IdleConnectionTakenForTesting = _client.Options.IdleConnectionTakenForTesting,
            };
            lock (_gate)
            {
                _connecting[slot] = null;
                if (_closed)
                {
                    link.Close();
                    throw new ObjectDisposedException(nameof(MemcachedClient));
                }

                _links[slot] = link;
            }

            return link;
        }
        catch (Exception ex) when (ex is not ObjectDisposedException)
        {
            socket.Dispose();
            lock (_gate)
            {
                _connecting[slot] = null;
            }

            var message = $"memcached server {Name} cannot be reached: {ex.Message}";
            MarkDead(ex, message);
            throw new MemcachedServerUnavailableException(message, ex) { Server = Name };
        }
    }

    /// <summary>
    /// Connects without any asynchronous socket call: a socket that waited in one is registered with the runtime's
    /// socket engine for good, and from then on every answer that arrives wakes the engine's thread and a thread-pool
    /// worker even when the caller reads it itself. A non-blocking connect, then polls for its end: at once, then for up
    /// to 1 ms on this thread (a loopback or LAN server has answered by then), then every few milliseconds off it.
    /// </summary>
    private static async Task ConnectWithoutEngineAsync(Socket socket, System.Net.EndPoint endPoint, TimeSpan timeout)
    {
        socket.Blocking = false;
        try
        {
            socket.Connect(endPoint);
            return;
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress)
        {
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var slice = 1000;
        while (!socket.Poll(slice, SelectMode.SelectWrite) && !socket.Poll(0, SelectMode.SelectError))
        {
            if (System.Diagnostics.Stopwatch.GetElapsedTime(started) >= timeout)
            {
                throw new TimeoutException($"the connection did not open within the connect timeout of {timeout.TotalMilliseconds:0} ms");
            }

            await Task.Delay(5).ConfigureAwait(false);
            slice = 0;
        }

        if (socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error) is int error and not 0)
        {
            throw new SocketException(error);
        }
    }

    /// <summary>A link broke: forget it, and leave the server out of the ring when it stopped answering.</summary>
    public void OnLinkFailed(MemcachedLink link, Exception cause, string message, bool markDead)
    {
        lock (_gate)
        {
            for (var i = 0; i < _links.Length; i++)
            {
                if (ReferenceEquals(_links[i], link))
                {
                    _links[i] = null;
                }
            }
        }

        if (markDead)
        {
            MarkDead(cause, message);
        }
        else
        {
            _client.OnServerError(this, cause, message, markedDead: false);
        }
    }

    /// <summary>
    /// Leaves the server out of the ring, drops its connections (their requests fail) and starts probing it. The
    /// failure is reported every time; the probe loop starts once.
    /// </summary>
    private void MarkDead(Exception cause, string message)
    {
        MemcachedLink?[] links;
        lock (_gate)
        {
            links = [.. _links];
            Array.Clear(_links);
            if (!_dead && !_closed)
            {
                Volatile.Write(ref _dead, true);
                _probing = ProbeUntilAnsweredAsync();
            }
        }

        foreach (var link in links)
        {
            link?.Abandon(cause);
        }

        _client.OnServerError(this, cause, message, markedDead: true);
    }

    /// <summary>Probes the dead server every retry interval until it answers, then gives it its keys back.</summary>
    private async Task ProbeUntilAnsweredAsync()
    {
        var interval = _client.Options.DeadServerRetryInterval;
        if (interval < MinimumProbeInterval)
        {
            interval = MinimumProbeInterval;
        }

        while (true)
        {
            try
            {
                await Task.Delay(interval, _closing.Token).ConfigureAwait(false);
                await ProbeAsync(_closing.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_closing.IsCancellationRequested)
            {
                return; // the client was disposed
            }
            catch (Exception ex) when (ex is SocketException or IOException or TimeoutException or MemcachedException or OperationCanceledException or ObjectDisposedException)
            {
                continue; // still dead; the failure that marked it dead was reported once, probes are not
            }

            lock (_gate)
            {
                Volatile.Write(ref _dead, false);
            }

            _client.OnServerRevived(this);
            return;
        }
    }

    /// <summary>
    /// Opens a connection of its own, sends <c>mn</c> (after <c>flush_all</c> with flushOnRevive) and reads the answer
    /// within the connect and read timeouts; throws unless the server answered as a meta-protocol server does.
    /// </summary>
    private async Task ProbeAsync(CancellationToken cancellationToken)
    {
        var options = _client.Options;
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout + options.ReadTimeout);
        await socket.ConnectAsync(Address.ToEndPoint(), timeout.Token).ConfigureAwait(false);
        var flush = options.FlushOnRevive;
        var request = flush ? "flush_all\r\nmn\r\n"u8.ToArray() : "mn\r\n"u8.ToArray();
        var expected = flush ? "OK\r\nMN\r\n"u8.ToArray() : "MN\r\n"u8.ToArray();
        await socket.SendAsync(request, SocketFlags.None, timeout.Token).ConfigureAwait(false);
        var answer = new byte[64];
        var count = 0;
        while (count < expected.Length)
        {
            var read = await socket.ReceiveAsync(answer.AsMemory(count), SocketFlags.None, timeout.Token).ConfigureAwait(false);
            if (read == 0)
            {
                throw new IOException("the server closed the probe connection");
            }

            count += read;
        }

        if (!answer.AsSpan(0, count).SequenceEqual(expected))
        {
            throw new MemcachedProtocolException($"memcached server {Name} answered a probe out of protocol.") { Server = Name };
        }
    }

    public IEnumerable<ConnectionStats> GetStats() => _links.Where(l => l is not null).Select(l => l!.Stats).ToList();

    public void CheckTimeouts(long now, long readTimeoutMs)
    {
        foreach (var link in _links)
        {
            link?.CheckTimeout(now, readTimeoutMs);
        }
    }

    /// <summary>Closes every connection and stops probing; completes when the probe loop has ended.</summary>
    public async Task CloseAsync()
    {
        MemcachedLink?[] links;
        Task probing;
        lock (_gate)
        {
            _closed = true;
            links = [.. _links];
            Array.Clear(_links);
            probing = _probing;
        }

        await _closing.CancelAsync().ConfigureAwait(false);
        foreach (var link in links)
        {
            link?.Close();
        }

        await probing.ConfigureAwait(false); // ends at the cancellation; it catches everything else itself
        _closing.Dispose();
    }
}
