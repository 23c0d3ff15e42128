using Backends.MySql;
using Backends.Runtime;

// MySqlConnector records its spans and metrics on an ActivitySource and a Meter both named "MySqlConnector"
// (MySqlConnector.Utilities.ActivitySourceHelper).
[assembly: BackendAdapter(
    MySqlBackend.KindName, typeof(MySqlBackend), typeof(MySqlSettings), ClassName = "MySql", PackageId = "Backends.MySql",
    ActivitySourceNames = new[] { "MySqlConnector" }, MeterNames = new[] { "MySqlConnector" })]
