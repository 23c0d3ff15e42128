using System.Net.Sockets;

namespace Backends.Memcached.Protocol;

/// <summary>
/// One configured server: a fixed number of connection slots, each opened on first use and reopened after it
/// breaks, and whether the server is dead (left out of the ring until its retry time).
/// </summary>
internal sealed class MemcachedServer
{
    private readonly MemcachedClient _client;
    private readonly MemcachedLink?[] _links;
    private readonly Task<MemcachedLink>?[] _connecting;
    private readonly Lock _gate = new();
    private long _deadUntil;
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

    /// <summary>The <see cref="Environment.TickCount64"/> until which the server is dead; 0 when it is alive.</summary>
    public long DeadUntil => Volatile.Read(ref _deadUntil);

    public bool IsDead(long now) => Volatile.Read(ref _deadUntil) > now;

    /// <summary>Sends <paramref name="operation"/> on the next connection, opening it first when needed.</summary>
    public ValueTask ExecuteAsync(MemcachedOperation operation, CancellationToken cancellationToken)
    {
        var slot = (int)(Interlocked.Increment(ref _next) % (uint)_links.Length);
        var link = Volatile.Read(ref _links[slot]);
        if (link is not null && link.TryEnqueue(operation, cancellationToken))
        {
            return operation.AsValueTask();
        }

        return ConnectAndExecuteAsync(slot, operation, cancellationToken);
    }

    private async ValueTask ConnectAndExecuteAsync(int slot, MemcachedOperation operation, CancellationToken cancellationToken)
    {
        var link = await ConnectAsync(slot, cancellationToken).ConfigureAwait(false);
        if (!link.TryEnqueue(operation, cancellationToken))
        {
            throw new MemcachedServerUnavailableException($"memcached server {Name} dropped the connection as it opened.") { Server = Name };
        }

        await operation.AsValueTask().ConfigureAwait(false);
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

            var deadUntil = DeadUntil;
            if (deadUntil > Environment.TickCount64)
            {
                throw new MemcachedServerUnavailableException(
                    $"memcached server {Name} is marked dead after a failure; it is retried in {Math.Max(0, deadUntil - Environment.TickCount64)} ms (deadServerRetryInterval).")
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
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using (var timeout = new CancellationTokenSource(_client.Options.ConnectTimeout))
            {
                try
                {
                    await socket.ConnectAsync(Address.ToEndPoint(), timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (timeout.IsCancellationRequested)
                {
                    throw new TimeoutException($"the connection did not open within the connect timeout of {_client.Options.ConnectTimeout.TotalMilliseconds:0} ms");
                }
            }

            var link = new MemcachedLink(socket, this);
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

            if (Interlocked.Exchange(ref _deadUntil, 0) != 0)
            {
                _client.OnServerRevived(this);
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

    private void MarkDead(Exception cause, string message)
    {
        var retry = (long)_client.Options.DeadServerRetryInterval.TotalMilliseconds;
        Volatile.Write(ref _deadUntil, Environment.TickCount64 + Math.Max(1, retry));
        _client.OnServerError(this, cause, message, markedDead: true);
    }

    public void CheckTimeouts(long now, long readTimeoutMs)
    {
        foreach (var link in _links)
        {
            link?.CheckTimeout(now, readTimeoutMs);
        }
    }

    public void Close()
    {
        MemcachedLink?[] links;
        lock (_gate)
        {
            _closed = true;
            links = [.. _links];
            Array.Clear(_links);
        }

        foreach (var link in links)
        {
            link?.Close();
        }
    }
}
