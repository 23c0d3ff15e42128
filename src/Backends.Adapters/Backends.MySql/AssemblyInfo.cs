using Backends.MySql;
using Backends.Runtime;

[assembly: BackendAdapter("mysql", typeof(MySqlBackend), typeof(MySqlSettings), ClassName = "MySql", PackageId = "Backends.MySql")]
