namespace Backends.DynamoDb;

/// <summary>The scalar type of a key attribute: DynamoDB keys are strings, numbers or binary.</summary>
public enum DynamoKeyType
{
    /// <summary><c>S</c>: a string.</summary>
    S,

    /// <summary><c>N</c>: a number.</summary>
    N,

    /// <summary><c>B</c>: binary.</summary>
    B,
}
