using System.Collections.Concurrent;
using Backends.Runtime;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;

namespace Backends.MongoDb;

/// <summary>
/// A MongoDB connection: <see cref="BackendConnection{TInstance}.Instance"/> is the driver's <see cref="IMongoClient"/>
/// and <see cref="Database"/> the configured database. It is also an <see cref="IKeyValueStore"/> over one collection.
/// </summary>
/// <remarks>
/// <para><b>Declared collections: the API generated code targets.</b> For each collection declared in
/// <c>backends.json</c> generated code, before start-up (right after constructing the handle), calls</para>
/// <code>
/// handle.RegisterCollection(
///     new global::Backends.MongoDb.CollectionSpec("users")
///     {
///         Indexes = new string[][] { new[] { "email" }, new[] { "lastName", "-createdAt" } },
///         Unique = new string[][] { new[] { "email" } },
///         Ttl = new global::Backends.MongoDb.TtlIndexSpec("expiresAt", 3600),
///     },
///     new global::MyApp.UserBsonSerializer());   // the generated IBsonSerializer&lt;MyApp.User&gt;; or leave it out
/// </code>
/// <para>and exposes the typed collection as <c>handle.Collection&lt;global::MyApp.User&gt;("users")</c>
/// (an <see cref="IMongoCollection{TDocument}"/>, cached per name, usable once the handle is ready).</para>
/// <list type="bullet">
/// <item><see cref="RegisterCollection(CollectionSpec)"/> / <see cref="RegisterCollection{TDocument}(CollectionSpec, IBsonSerializer{TDocument})"/>
/// must be called before <see cref="BackendConnection{TInstance}.ConfigureAsync"/>; the serializer overload also registers
/// the serializer process-wide (<see cref="BsonSerializer.TryRegisterSerializer{T}"/>), which is what makes the collection work
/// under native AOT. Registering the same serializer type again (another connection, another start) is a no-op.</item>
/// <item>Start-up pings the server, then ensures the declared indexes (<see cref="EnsureIndexesAsync"/>); a failure there
/// retries like a failed ping, except that an index that exists with other options is a permanent error (drop it, or
/// change <c>backends.json</c>).</item>
/// <item>Ensuring is idempotent: indexes are created by their default names (<c>email_1</c>, <c>lastName_1_createdAt_-1</c>),
/// and an index that already exists with the same keys and options is left as it is.</item>
/// </list>
/// </remarks>
public partial class MongoDbBackend : BackendConnection<IMongoClient, MongoDbSettings>
{
    private readonly List<CollectionSpec> _collections = [];
    private readonly ConcurrentDictionary<string, object> _collectionCache = new(StringComparer.Ordinal);
    private CurrentDatabase? _current;
    private IMongoClient? _indexedClient;

    /// <summary>The kind this adapter serves, as its <see cref="BackendAdapterAttribute"/> declares it.</summary>
    internal const string KindName = "mongodb";

    /// <summary>Creates the handle; generated code calls this with the kind of the adapter's attribute.</summary>
    /// <param name="kind">The kind, <c>"mongodb"</c>.</param>
    /// <param name="name">The connection's name within its kind, for example <c>"events"</c>.</param>
    /// <param name="settings">Creates the resolved settings when start-up first needs them.</param>
    public MongoDbBackend(string kind, string name, SettingsFactory<MongoDbSettings> settings)
        : base(kind, name, settings)
    {
    }

    /// <summary>Creates a <c>"mongodb"</c> handle over a settings factory (for hand-written code and tests).</summary>
    /// <param name="name">The connection's name within <c>"mongodb"</c>.</param>
    /// <param name="settings">Creates the resolved settings when start-up first needs them.</param>
    public MongoDbBackend(string name, SettingsFactory<MongoDbSettings> settings)
        : this(KindName, name, settings)
    {
    }

    /// <summary>Creates a handle over fixed settings (for hand-written code and tests).</summary>
    /// <param name="name">The connection's name within <c>"mongodb"</c>, for example <c>"events"</c>.</param>
    /// <param name="settings">The settings, used as they are: no overlay, override or secret reference is applied.</param>
    public MongoDbBackend(string name, MongoDbSettings settings)
        : this(KindName, name, SettingsFactory.FromValue(settings))
    {
    }

    /// <summary>The configured database. Throws <see cref="InvalidOperationException"/> until the connection is ready.</summary>
    public IMongoDatabase Database
    {
        get
        {
            var client = Instance;
            if (Volatile.Read(ref _current) is { } current && ReferenceEquals(current.Client, client))
            {
                return current.Database;
            }

            var database = client.GetDatabase(Settings.Database);
            Volatile.Write(ref _current, new CurrentDatabase(client, database));
            return database;
        }
    }

    /// <summary>The collections declared with <see cref="RegisterCollection(CollectionSpec)"/>, in declaration order.</summary>
    public IReadOnlyList<CollectionSpec> Collections
    {
        get
        {
            lock (_collections)
            {
                return [.. _collections];
            }
        }
    }

    /// <summary>
    /// Declares a collection whose indexes start-up ensures. Call it before <see cref="BackendConnection{TInstance}.ConfigureAsync"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The spec is invalid or its collection is already declared.</exception>
    /// <exception cref="InvalidOperationException">Start-up has already begun.</exception>
    public void RegisterCollection(CollectionSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _ = IndexPlan.Build(spec); // validates the field lists now, where the mistake is, not at start-up
        lock (_collections)
        {
            if (State != ConnectionState.Created)
            {
                throw new InvalidOperationException(
                    $"{Name}: declare collections before start-up (the connection is {State}); call RegisterCollection before ConfigureAsync / Db.InitializeAsync.");
            }

            if (_collections.Exists(c => c.Name == spec.Name))
            {
                throw new ArgumentException($"{Name}: the collection \"{spec.Name}\" is declared twice.", nameof(spec));
            }

            _collections.Add(spec);
        }
    }

    /// <summary>
    /// Declares a collection of <typeparamref name="TDocument"/> and registers <paramref name="serializer"/> for that type
    /// process-wide, so that <see cref="Collection{TDocument}"/> needs no reflection (native AOT).
    /// </summary>
    /// <exception cref="InvalidOperationException">A different serializer is already registered for <typeparamref name="TDocument"/>, or start-up has begun.</exception>
    public void RegisterCollection<TDocument>(CollectionSpec spec, IBsonSerializer<TDocument> serializer)
    {
        ArgumentNullException.ThrowIfNull(serializer);
        RegisterCollection(spec);
        try
        {
            BsonSerializer.TryRegisterSerializer(serializer);
        }
        catch (BsonSerializationException ex)
        {
            throw new InvalidOperationException(
                $"{Name}: collection \"{spec.Name}\": a different serializer is already registered for {typeof(TDocument).FullName}: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// The collection <paramref name="name"/> of the configured database, typed as <typeparamref name="TDocument"/>; cached,
    /// so generated accessors can call it on every use. Throws <see cref="InvalidOperationException"/> until the connection is ready.
    /// </summary>
    public IMongoCollection<TDocument> Collection<TDocument>(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var database = Database;
        if (_collectionCache.TryGetValue(name, out var cached) &&
            cached is IMongoCollection<TDocument> typed && ReferenceEquals(typed.Database, database))
        {
            return typed;
        }

        var collection = database.GetCollection<TDocument>(name);
        _collectionCache[name] = collection;
        return collection;
    }

    /// <summary>
    /// Creates the declared indexes that do not exist yet; start-up runs this after the first successful ping.
    /// Idempotent: indexes that exist with the same keys and options are left alone.
    /// </summary>
    public Task EnsureIndexesAsync(CancellationToken cancellationToken = default) =>
        EnsureIndexesCoreAsync(Database, cancellationToken);

    /// <inheritdoc />
    protected override ValueTask<IMongoClient> CreateInstanceAsync(CancellationToken cancellationToken)
    {
        AotSerializers.EnsureRegistered();
        var settings = MongoClientSettingsFactory.Create(Settings, Name);
        return ValueTask.FromResult<IMongoClient>(new MongoClient(settings));
    }

    /// <inheritdoc />
    protected override async ValueTask PingInstanceAsync(IMongoClient instance, CancellationToken cancellationToken)
    {
        var database = instance.GetDatabase(Settings.Database);
        await database.RunCommandAsync<BsonDocument>(new BsonDocument("ping", 1), cancellationToken: cancellationToken).ConfigureAwait(false);

        // The first successful ping of a new client is start-up's: ensure the declared indexes before Ready.
        if (!ReferenceEquals(Volatile.Read(ref _indexedClient), instance))
        {
            await EnsureIndexesCoreAsync(database, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _indexedClient, instance);
        }
    }

    /// <inheritdoc />
    protected override bool IsTransient(Exception exception)
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is MongoAuthenticationException or MongoConfigurationException or BackendConfigurationException or ArgumentException or BsonSerializationException)
            {
                return false;
            }
        }

        // Unauthorized, AuthenticationFailed, CannotCreateIndex, index conflicts, duplicates under a new unique index:
        // waiting changes none of these. Everything else (a server selection timeout while the server is down, a
        // dropped connection, NotWritablePrimary during an election) is worth retrying.
        return exception is not (MongoCommandException { Code: 13 or 18 or 67 or 85 or 86 or 11000 }
            or MongoWriteException { WriteError.Category: ServerErrorCategory.DuplicateKey });
    }

    private async Task EnsureIndexesCoreAsync(IMongoDatabase database, CancellationToken cancellationToken)
    {
        foreach (var spec in Collections)
        {
            var models = IndexPlan.Build(spec);
            if (models.Count > 0)
            {
                var collection = database.GetCollection<BsonDocument>(spec.Name);
                await collection.Indexes.CreateManyAsync(models, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The database of one client, swapped as a whole so that readers never see a torn pair.</summary>
    private sealed record CurrentDatabase(IMongoClient Client, IMongoDatabase Database);
}
