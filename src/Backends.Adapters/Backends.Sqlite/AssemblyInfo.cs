using Backends.Runtime;
using Backends.Sqlite;

[assembly: BackendAdapter("sqlite", typeof(SqliteBackend), typeof(SqliteSettings), ClassName = "Sqlite", PackageId = "Backends.Sqlite")]
