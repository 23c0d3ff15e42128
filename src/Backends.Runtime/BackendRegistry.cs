using System.Collections.Frozen;
using Microsoft.Extensions.Logging;

namespace Backends.Runtime;

/// <summary>
/// Holds every connection of an application, brings them up in parallel and closes them. Generated code builds
/// one (<c>Db.Registry</c>); name lookups are for tooling and diagnostics, the typed accessors need none.
/// </summary>
public sealed class BackendRegistry : IAsyncDisposable
{
    // Frozen: built once, read by every Get (the string path dynamic callers use). Names as declared (DbNames'
    // constants) hit the ordinal table; any other casing falls back to the case-insensitive one.
    private readonly FrozenDictionary<string, IBackendConnection> _byName;
    private readonly FrozenDictionary<string, IBackendConnection> _byNameIgnoreCase;
    private readonly Dictionary<string, BackendGroup> _byBackend = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();
    private Task? _initializing;
    private bool _disposed;

    /// <summary>Creates a registry over <paramref name="connections"/>; names must be unique.</summary>
    public BackendRegistry(IEnumerable<IBackendConnection> connections)
        : this(connections, null)
    {
    }

    /// <summary>Creates a registry over <paramref name="connections"/> that share <paramref name="context"/>.</summary>
    public BackendRegistry(IEnumerable<IBackendConnection> connections, BackendSettingsContext? context)
    {
        ArgumentNullException.ThrowIfNull(connections);
        Context = context;
        var all = new List<IBackendConnection>();
        var byName = new Dictionary<string, IBackendConnection>(StringComparer.OrdinalIgnoreCase);
        foreach (var connection in connections)
        {
            if (!byName.TryAdd(connection.Name, connection))
            {
                throw new ArgumentException($"Two connections are named {connection.Name}.", nameof(connections));
            }

            all.Add(connection);
            if (!_byBackend.TryGetValue(connection.Backend, out var group))
            {
                _byBackend[connection.Backend] = group = new BackendGroup(connection.Backend);
            }

            group.Add(connection);
        }

        _byNameIgnoreCase = byName.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        _byName = byName.ToFrozenDictionary(StringComparer.Ordinal);
        All = all;
    }

    /// <summary>Every connection, in declaration order.</summary>
    public IReadOnlyList<IBackendConnection> All { get; }

    /// <summary>The settings context shared by the generated connections, if any.</summary>
    public BackendSettingsContext? Context { get; }

    /// <summary>Whether every connection is ready.</summary>
    public bool IsReady => All.All(c => c.IsReady);

    /// <summary>Returns the connection named <paramref name="name"/> (<c>"mysql.demo"</c>).</summary>
    /// <exception cref="KeyNotFoundException">No such connection; the message lists the nearest names.</exception>
    public IBackendConnection Get(string name) =>
        TryGet(name, out var connection) ? connection : throw new KeyNotFoundException(NotFound("connection", name, _byName.Keys));

    /// <summary>Looks up a connection by its full name.</summary>
    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IBackendConnection? connection) =>
        _byName.TryGetValue(name, out connection) || _byNameIgnoreCase.TryGetValue(name, out connection);

    /// <summary>Returns the tiered store named <paramref name="name"/> in the <c>"stores"</c> section (<c>"sessions"</c>).</summary>
    /// <exception cref="KeyNotFoundException">No such store; the message lists the nearest names.</exception>
    public TieredStore Store(string name) =>
        TryGet("stores." + name, out var connection) && connection is TieredStore store
            ? store
            : throw new KeyNotFoundException(NotFound("store", name, All.OfType<TieredStore>().Select(s => s.ConnectionName)));

    /// <summary>Returns the connections of one kind (<c>"mysql"</c>).</summary>
    public BackendGroup Backend(string backend) =>
        _byBackend.TryGetValue(backend, out var group) ? group : throw new KeyNotFoundException(NotFound("backend", backend, _byBackend.Keys));

    /// <summary>Sends log messages of every connection to <paramref name="loggerFactory"/>.</summary>
    public void UseLogger(ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        foreach (var connection in All)
        {
            if (connection is ILoggingConnection logging)
            {
                logging.Logger = loggerFactory.CreateLogger("Backends." + connection.Name);
            }
        }
    }

    /// <summary>
    /// Configures every connection in parallel and completes when every required one is ready. Optional connections
    /// (<c>"optional": true</c>) are started but not awaited: they keep retrying in the background until they are up.
    /// As soon as a required connection gives up (a permanent error, or its start-up deadline) the others' start-up is
    /// cancelled (they go back to <see cref="ConnectionState.Created"/>, their half-open clients disposed, awaited
    /// before this method ends) and a <see cref="BackendStartupException"/> names the connection that failed.
    /// Calling it again returns the same task while it runs or after it succeeded; after a failure or a cancellation
    /// it starts again.
    /// </summary>
    public Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_initializing is null || _initializing.IsFaulted || _initializing.IsCanceled)
            {
                _initializing = InitializeCoreAsync(cancellationToken);
            }

            return _initializing;
        }
    }

    private async Task InitializeCoreAsync(CancellationToken cancellationToken)
    {
        await Task.Yield(); // start nothing inside InitializeAsync's lock
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pending = new List<(IBackendConnection Connection, Task Task)>();
        foreach (var connection in All)
        {
            if (connection.IsOptional)
            {
                // Not awaited, and not tied to the caller's token: it retries until it is up or closed. The connection
                // observes the task's outcome itself.
                _ = connection.ConfigureAsync(CancellationToken.None);
            }
            else
            {
                pending.Add((connection, connection.ConfigureAsync(stop.Token)));
            }
        }

        var all = pending.ToArray();
        var running = pending.Select(p => p.Task).ToList();
        while (running.Count > 0)
        {
            var done = await Task.WhenAny(running).ConfigureAwait(false);
            running.Remove(done);
            if (done.IsCompletedSuccessfully)
            {
                continue;
            }

            // One required connection failed or was cancelled: stop the others and wait until they have stopped.
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await Task.WhenAll(running).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // their outcomes are read from the tasks below
            catch (Exception)
#pragma warning restore CA1031
            {
            }

            var failures = all.Where(p => p.Task.IsFaulted).ToList();
            if (failures.Count == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                throw new OperationCanceledException("Backend start-up was cancelled: a connection was closed while it started.");
            }

            var message = "Backends failed to start: " + string.Join("; ", failures.Select(p =>
                p.Connection.Errors.LastOrDefault(e => !e.IsTransient) is { } last ? $"{p.Connection.Name}: {last.Message}" : p.Connection.Name));
            throw new BackendStartupException(
                failures.Count == 1 ? failures[0].Connection.Name : null,
                message,
                new AggregateException(failures.Select(p => p.Task.Exception!.InnerException ?? p.Task.Exception!)));
        }
    }

    /// <summary>
    /// Closes every connection in parallel; tiered stores first, each flushing its pending writes (within its
    /// flushTimeout) while the connections it writes to are still open.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        await Task.WhenAll(All.OfType<TieredStore>().Select(s => s.CloseAsync())).ConfigureAwait(false);
        await Task.WhenAll(All.Select(c => c.CloseAsync())).ConfigureAwait(false);
    }

    private static string NotFound(string what, string name, IEnumerable<string> known)
    {
        // The build's did-you-mean rule (src/Shared/EditDistance.cs): only likely typos, nearest first.
        var nearest = Shared.EditDistance.NearMisses(name, known, 3);
        return nearest.Count == 0
            ? $"No {what} named '{name}' is declared in backends.json."
            : $"No {what} named '{name}' is declared in backends.json; did you mean {string.Join(", ", nearest.Select(n => "'" + n + "'"))}?";
    }
}
