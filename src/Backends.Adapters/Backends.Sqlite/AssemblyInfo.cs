using Backends.Runtime;
using Backends.Sqlite;

[assembly: BackendAdapter(SqliteBackend.KindName, typeof(SqliteBackend), typeof(SqliteSettings), ClassName = "Sqlite", PackageId = "Backends.Sqlite")]
