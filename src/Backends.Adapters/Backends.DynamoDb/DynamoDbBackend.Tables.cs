using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Backends.Runtime;

namespace Backends.DynamoDb;

/// <summary>Start-up's table work: create what is missing, check what exists, enable TTL.</summary>
public partial class DynamoDbBackend
{
    private static readonly TimeSpan s_firstStatusPoll = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan s_lastStatusPoll = TimeSpan.FromSeconds(2);

    private async Task EnsureTablesCoreAsync(IAmazonDynamoDB client, CancellationToken cancellationToken)
    {
        var tables = Tables.ToList();
        if (KeyValueDefinition() is { } keyValue)
        {
            tables.Add(keyValue);
        }

        foreach (var definition in tables)
        {
            var fullName = TableName(definition.Name);
            try
            {
                TableDefinition.ValidateName(fullName, "table");
            }
            catch (ArgumentException ex)
            {
                throw new BackendConfigurationException($"{Name}: the table name \"{fullName}\" (tablePrefix + name) is invalid: {ex.Message}", ex);
            }

            await EnsureTableAsync(client, definition, fullName, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task EnsureTableAsync(IAmazonDynamoDB client, TableDefinition definition, string fullName, CancellationToken cancellationToken)
    {
        var existing = await DescribeAsync(client, fullName, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            try
            {
                await client.CreateTableAsync(CreateRequest(definition, fullName), cancellationToken).ConfigureAwait(false);
            }
            catch (ResourceInUseException)
            {
                // Another process (or a concurrent start) created it first: check it below like any existing table.
            }

            existing = await DescribeAsync(client, fullName, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"{Name}: the table \"{fullName}\" was created but cannot be described.");
        }

        var differences = Compare(definition, existing);
        if (differences.Count > 0)
        {
            throw new DynamoTableSchemaException(fullName, differences);
        }

        await WaitUntilActiveAsync(client, fullName, existing, cancellationToken).ConfigureAwait(false);
        if (definition.TimeToLiveAttribute is { } ttl)
        {
            await EnableTimeToLiveAsync(client, fullName, ttl, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<TableDescription?> DescribeAsync(IAmazonDynamoDB client, string table, CancellationToken cancellationToken)
    {
        try
        {
            var response = await client.DescribeTableAsync(new DescribeTableRequest { TableName = table }, cancellationToken).ConfigureAwait(false);
            return response.Table;
        }
        catch (ResourceNotFoundException)
        {
            return null;
        }
    }

    private static async Task WaitUntilActiveAsync(IAmazonDynamoDB client, string table, TableDescription description, CancellationToken cancellationToken)
    {
        // Bounded by the start-up attempt's token (attemptTimeout / startupTimeout); polls back off to 2 s.
        var delay = s_firstStatusPoll;
        while (!IsActive(description))
        {
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, s_lastStatusPoll.Ticks));
            description = await DescribeAsync(client, table, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"The DynamoDB table \"{table}\" disappeared while start-up waited for it to become ACTIVE.");
        }
    }

    private static bool IsActive(TableDescription description) =>
        description.TableStatus == TableStatus.ACTIVE
        && (description.GlobalSecondaryIndexes ?? []).TrueForAll(i => i.IndexStatus == IndexStatus.ACTIVE);

    private async Task EnableTimeToLiveAsync(IAmazonDynamoDB client, string table, string attribute, CancellationToken cancellationToken)
    {
        try
        {
            var current = await client.DescribeTimeToLiveAsync(new DescribeTimeToLiveRequest { TableName = table }, cancellationToken).ConfigureAwait(false);
            var status = current.TimeToLiveDescription;
            if (status?.AttributeName == attribute && (status.TimeToLiveStatus == TimeToLiveStatus.ENABLED || status.TimeToLiveStatus == TimeToLiveStatus.ENABLING))
            {
                return;
            }

            await client.UpdateTimeToLiveAsync(
                new UpdateTimeToLiveRequest
                {
                    TableName = table,
                    TimeToLiveSpecification = new TimeToLiveSpecification { AttributeName = attribute, Enabled = true },
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonDynamoDBException ex) when (DynamoErrors.IsUnknownOperation(ex))
        {
            ReportError(
                new NotSupportedException(
                    $"Warning: the server does not support TTL (it answered UnknownOperationException), so expired items of \"{table}\" are never deleted by it; reads still treat them as missing.",
                    ex),
                "ttl");
        }
    }

    private static CreateTableRequest CreateRequest(TableDefinition definition, string fullName)
    {
        var request = new CreateTableRequest
        {
            TableName = fullName,
            KeySchema = KeySchema(definition.HashKey, definition.RangeKey),
            AttributeDefinitions = [.. definition.KeyAttributes().Select(k => new AttributeDefinition(k.Name, k.ScalarType))],
            BillingMode = definition.IsProvisioned ? BillingMode.PROVISIONED : BillingMode.PAY_PER_REQUEST,
        };
        if (definition.IsProvisioned)
        {
            request.ProvisionedThroughput = new ProvisionedThroughput(definition.ReadCapacity!.Value, definition.WriteCapacity!.Value);
        }

        if (definition.Indexes.Count > 0)
        {
            request.GlobalSecondaryIndexes = [.. definition.Indexes.Select(index => new GlobalSecondaryIndex
            {
                IndexName = index.Name,
                KeySchema = KeySchema(index.HashKey, index.RangeKey),
                Projection = new Projection { ProjectionType = ProjectionType.ALL },
                // A provisioned table needs a throughput for each index: its own, else the table's.
                ProvisionedThroughput = definition.IsProvisioned
                    ? new ProvisionedThroughput(index.ReadCapacity ?? definition.ReadCapacity!.Value, index.WriteCapacity ?? definition.WriteCapacity!.Value)
                    : null,
            })];
        }

        return request;
    }

    private static List<KeySchemaElement> KeySchema(TableKey hash, TableKey? range)
    {
        var schema = new List<KeySchemaElement> { new(hash.Name, KeyType.HASH) };
        if (range is { } r)
        {
            schema.Add(new KeySchemaElement(r.Name, KeyType.RANGE));
        }

        return schema;
    }

    /// <summary>What differs between the declaration and the table as it exists: key names and types, missing or different indexes.</summary>
    internal static List<string> Compare(TableDefinition definition, TableDescription existing)
    {
        var differences = new List<string>();
        var types = (existing.AttributeDefinitions ?? []).ToDictionary(a => a.AttributeName, a => TableKey.Parse(a.AttributeType?.Value), StringComparer.Ordinal);
        CompareKeys("table", definition.HashKey, definition.RangeKey, existing.KeySchema, types, differences);
        var indexes = existing.GlobalSecondaryIndexes ?? [];
        foreach (var declared in definition.Indexes)
        {
            var found = indexes.Find(i => i.IndexName == declared.Name);
            if (found is null)
            {
                differences.Add($"the index \"{declared.Name}\" is missing (found: {(indexes.Count == 0 ? "none" : string.Join(", ", indexes.Select(i => i.IndexName)))})");
                continue;
            }

            CompareKeys($"index \"{declared.Name}\"", declared.HashKey, declared.RangeKey, found.KeySchema, types, differences);
        }

        return differences;
    }

    private static void CompareKeys(
        string what, TableKey hash, TableKey? range, List<KeySchemaElement>? schema, Dictionary<string, DynamoKeyType> types, List<string> differences)
    {
        TableKey? Found(KeyType type) =>
            schema?.Find(k => k.KeyType == type) is { } element
                ? new TableKey(element.AttributeName, types.GetValueOrDefault(element.AttributeName))
                : null;

        var foundHash = Found(KeyType.HASH);
        if (foundHash != hash)
        {
            differences.Add($"{what} hash key: declared {hash}, found {foundHash?.ToString() ?? "none"}");
        }

        var foundRange = Found(KeyType.RANGE);
        if (foundRange != range)
        {
            differences.Add($"{what} range key: declared {range?.ToString() ?? "none"}, found {foundRange?.ToString() ?? "none"}");
        }
    }
}
