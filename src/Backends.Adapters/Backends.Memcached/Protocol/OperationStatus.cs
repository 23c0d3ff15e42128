namespace Backends.Memcached.Protocol;

/// <summary>How the server answered.</summary>
internal enum OperationStatus : byte
{
    None,
    Hit,
    Miss,
    Stored,
    NotStored,
    Exists,
    NotFound,
    Deleted,
    NoOp,
}
