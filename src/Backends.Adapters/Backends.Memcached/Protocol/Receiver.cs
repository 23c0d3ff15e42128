namespace Backends.Memcached.Protocol;

/// <summary>Who reads the connection's answers now.</summary>
internal enum Receiver : byte
{
    None,
    Inline,
    Loop,
}
