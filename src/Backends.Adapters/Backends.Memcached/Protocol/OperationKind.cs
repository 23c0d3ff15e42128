namespace Backends.Memcached.Protocol;

/// <summary>What a request asks the server.</summary>
internal enum OperationKind : byte
{
    Get,
    Set,
    Delete,
    NoOp,
    Version,
    GetMany,
}
