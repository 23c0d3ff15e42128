using Backends.DynamoDb;
using Backends.Runtime;

// The AWS SDK for .NET 4.x has no ActivitySource or Meter of its own by default (its OpenTelemetry support is a separate
// package), so the adapter names none. "tables" is declared data: the generator's DynamoDB feature module reads it.
[assembly: BackendAdapter(DynamoDbBackend.KindName, typeof(DynamoDbBackend), typeof(DynamoDbSettings), ClassName = "DynamoDb", PackageId = "Backends.DynamoDb",
    DeclaredDataKeys = new[] { "tables" })]
