using Backends.Generator.Features.MongoDb;

namespace Backends.Generator.Model;

/// <summary>The MongoDB part of a connection: the declared collections and the generated handle that serves them.</summary>
internal sealed partial record ConnectionSpec
{
    /// <summary>The declared collections, or null when the connection declares none.</summary>
    public MongoConnectionSpec? Mongo { get; init; }

    /// <summary>The type of the connection's field and accessor: the generated handle when it declares collections, else the adapter's.</summary>
    public string HandleTypeName => Mongo?.HandleType ?? Dynamo?.HandleType ?? Adapter.HandleType;
}
