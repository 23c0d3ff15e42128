using System.Globalization;
using System.Text.Json.Serialization.Metadata;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Backends.Runtime;

namespace Backends.DynamoDb;

/// <summary>
/// The <see cref="IKeyValueStore"/> side of a DynamoDB connection: one table (<see cref="DynamoDbSettings.KeyValueTable"/>,
/// with <see cref="DynamoDbSettings.TablePrefix"/>) of items <c>{ k: S (hash key), v: B, exp: N }</c>, on-demand billing.
/// </summary>
/// <remarks>
/// <c>exp</c> is the expiry in whole epoch seconds (rounded up) and the table's TTL attribute, so DynamoDB deletes expired
/// entries itself, late (up to days). Reads, and deletes' "existed" answer, treat an entry whose <c>exp</c> has passed as
/// missing in the meantime. Reads are strongly consistent.
/// </remarks>
public partial class DynamoDbBackend : IExpiringKeyValueStore
{
    private const string KeyAttributeName = "k";
    private const string ValueAttributeName = "v";
    private const string ExpiresAttributeName = "exp";

    private TableDefinition? _keyValueDefinition;

    /// <inheritdoc />
    public ValueTask<T?> GetAsync<T>(string key, JsonTypeInfo<T> type, CancellationToken cancellationToken = default) =>
        KeyValueJson.GetAsync(this, key, type, cancellationToken);

    /// <inheritdoc />
    public ValueTask SetAsync<T>(string key, T value, JsonTypeInfo<T> type, TimeSpan? ttl = null, CancellationToken cancellationToken = default) =>
        KeyValueJson.SetAsync(this, key, value, type, ttl, cancellationToken);

    /// <inheritdoc />
    public async ValueTask<byte[]?> GetBytesAsync(string key, CancellationToken cancellationToken = default) =>
        (await GetEntryAsync(key, cancellationToken).ConfigureAwait(false))?.Value;

    /// <inheritdoc />
    public async ValueTask<KeyValueEntry?> GetEntryAsync(string key, CancellationToken cancellationToken = default)
    {
        KeyValueKey.Validate(key);
        cancellationToken.ThrowIfCancellationRequested();
        var (client, table) = KeyValueTarget();
        try
        {
            var response = await client.GetItemAsync(
                new GetItemRequest { TableName = table, Key = KeyOf(key), ConsistentRead = true },
                cancellationToken).ConfigureAwait(false);
            var item = response.Item;
            if (item is null || item.Count == 0 || DynamoValue.ToBytes(DynamoValue.Get(item, ValueAttributeName)) is not { } value)
            {
                return null;
            }

            var expires = DynamoValue.ToNullableEpochSeconds(DynamoValue.Get(item, ExpiresAttributeName));
            if (expires is null)
            {
                return new KeyValueEntry(value, null);
            }

            var left = expires.Value - DateTimeOffset.UtcNow;
            return left <= TimeSpan.Zero ? null : new KeyValueEntry(value, left);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            ReportError(ex, "keyvalue");
            throw;
        }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ttl"/> is zero, negative or would end after 9999-12-31.</exception>
    public async ValueTask SetBytesAsync(string key, ReadOnlyMemory<byte> value, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        KeyValueKey.Validate(key);
        var life = KeyValueTables.TimeToLive(ttl);
        cancellationToken.ThrowIfCancellationRequested();
        var (client, table) = KeyValueTarget();
        var item = KeyOf(key);
        item[ValueAttributeName] = new AttributeValue { B = new MemoryStream(value.ToArray(), writable: false) };
        if (life is { } t)
        {
            item[ExpiresAttributeName] = DynamoValue.FromEpochSeconds(DateTimeOffset.UtcNow + t);
        }

        try
        {
            await client.PutItemAsync(new PutItemRequest { TableName = table, Item = item }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            ReportError(ex, "keyvalue");
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        KeyValueKey.Validate(key);
        cancellationToken.ThrowIfCancellationRequested();
        var (client, table) = KeyValueTarget();
        try
        {
            // Only a live entry counts (and is deleted); an expired one is left for DynamoDB's TTL sweep.
            await client.DeleteItemAsync(
                new DeleteItemRequest
                {
                    TableName = table,
                    Key = KeyOf(key),
                    ConditionExpression = "attribute_exists(#k) AND (attribute_not_exists(#e) OR #e > :now)",
                    ExpressionAttributeNames = new() { ["#k"] = KeyAttributeName, ["#e"] = ExpiresAttributeName },
                    ExpressionAttributeValues = new() { [":now"] = NowSeconds() },
                },
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            ReportError(ex, "keyvalue");
            throw;
        }
    }

    /// <summary>Now in whole epoch seconds, as the TTL attributes hold it.</summary>
    internal static AttributeValue NowSeconds() =>
        new() { N = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) };

    /// <summary>The key/value table's definition, or <see langword="null"/> when <see cref="DynamoDbSettings.KeyValueTable"/> is empty.</summary>
    private TableDefinition? KeyValueDefinition()
    {
        if (_keyValueDefinition is { } known)
        {
            return known;
        }

        var name = Settings.KeyValueTable;
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        try
        {
            TableDefinition.ValidateName(name, "table");
        }
        catch (ArgumentException ex)
        {
            throw new BackendConfigurationException($"{Name}: keyValueTable \"{name}\" is not a valid DynamoDB table name: write 3 to 255 letters, digits, '_', '.' or '-'.", ex);
        }

        return _keyValueDefinition = new TableDefinition(name, new TableKey(KeyAttributeName, DynamoKeyType.S))
        {
            TimeToLiveAttribute = ExpiresAttributeName,
        };
    }

    private (IAmazonDynamoDB Client, string Table) KeyValueTarget()
    {
        var client = Instance;
        var definition = KeyValueDefinition()
            ?? throw new InvalidOperationException($"{Name} has no key/value store: its keyValueTable setting is empty.");
        return (client, TableName(definition.Name));
    }

    private static Dictionary<string, AttributeValue> KeyOf(string key) => new(StringComparer.Ordinal) { [KeyAttributeName] = new AttributeValue { S = key } };
}
