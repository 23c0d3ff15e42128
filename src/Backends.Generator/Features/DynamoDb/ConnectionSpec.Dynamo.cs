using Backends.Generator.Features.DynamoDb;

namespace Backends.Generator.Model;

/// <summary>The DynamoDB part of a connection: the generated handle that serves its declared tables.</summary>
internal sealed partial record ConnectionSpec
{
    /// <summary>The declared tables' handle, or null when the connection declares none.</summary>
    public DynamoConnectionSpec? Dynamo { get; init; }
}
