using Backends.Runtime;
using Microsoft.Data.Sqlite;

namespace Backends.Sqlite;

/// <summary>Settings of one SQLite database, as written under <c>"sqlite"</c> in <c>backends.json</c>.</summary>
public sealed class SqliteSettings : BackendSettings
{
    /// <summary>The database file, relative to the working directory, or <c>:memory:</c>.</summary>
    [Setting(Required = true, Description = "The database file (relative to the working directory) or \":memory:\".")]
    public string Path { get; set; } = "";

    /// <summary>How the file is opened. Default <see cref="SqliteOpenMode.ReadWriteCreate"/>.</summary>
    [Setting(Description = "ReadWriteCreate, ReadWrite, ReadOnly or Memory.")]
    public SqliteOpenMode Mode { get; set; } = SqliteOpenMode.ReadWriteCreate;

    /// <summary>Whether connections share one cache. Default <see cref="SqliteCacheMode.Default"/>.</summary>
    [Setting(Description = "Default, Private or Shared.")]
    public SqliteCacheMode Cache { get; set; } = SqliteCacheMode.Default;

    /// <summary>Use write-ahead logging, so readers do not block the writer. Default <see langword="true"/>.</summary>
    [Setting(Description = "Write-ahead logging (readers do not block the writer).")]
    public bool WriteAheadLog { get; set; } = true;

    /// <summary>How long a statement waits for a lock. Default 5 seconds.</summary>
    [Setting(Description = "How long a statement waits for a lock.")]
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The encryption key for SQLCipher builds; write <c>${env:NAME}</c>.</summary>
    [Setting(Secret = true, Description = "Encryption key (SQLCipher builds only).")]
    public string? Password { get; set; }

    /// <summary>
    /// The pass-through option keys whose values are secrets (<c>Password</c>): a literal is not compiled in, and
    /// <see cref="BackendSettings.ToString"/> shows them as <c>***</c>.
    /// </summary>
    public const string SecretOptionKeys = "Password,Pwd";

    /// <summary>Other Microsoft.Data.Sqlite connection-string options, passed through.</summary>
    [Setting(SecretKeys = SecretOptionKeys, Description = "Other Microsoft.Data.Sqlite connection-string options, passed through.")]
    public IReadOnlyDictionary<string, string> Options { get; set; } = new Dictionary<string, string>();

    /// <summary>
    /// The table that holds this connection's <see cref="IKeyValueStore"/> entries, created on first use. Letters, digits
    /// and underscores. Default <c>backends_kv</c>.
    /// </summary>
    [Setting(Description = "Table for the key/value store, created on first use (letters, digits, underscores).")]
    public string KeyValueTable { get; set; } = "backends_kv";


}
