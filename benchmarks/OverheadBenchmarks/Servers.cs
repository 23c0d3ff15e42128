using Backends.Memcached;
using Backends.MySql;
using IntegrationTests.MySql;
using MemcachedBenchmarks;
using MySqlConnector;

namespace OverheadBenchmarks;

/// <summary>
/// One MariaDB and one memcached for the whole run (started by the program, not per benchmark), and the handles and
/// raw clients the benchmarks compare. Servers are found through environment variables so that BenchmarkDotNet's
/// in-process runs share them.
/// </summary>
public static class Servers
{
    public const string MySqlVariable = "OVERHEAD_BENCH_MYSQL";
    public const string MySqlPasswordVariable = "OVERHEAD_BENCH_MYSQL_PASSWORD";
    public const string MemcachedVariable = "OVERHEAD_BENCH_MEMCACHED";

    /// <summary>Settings of the benchmark's MySQL connection, as the adapter would get them from backends.json.</summary>
    public static MySqlSettings MySql() => new()
    {
        Hosts = [Required(MySqlVariable)],
        Database = MariaDbServer.DemoDatabase,
        Username = MariaDbServer.AppUser,
        Password = Required(MySqlPasswordVariable),
        Pool = new PoolSettings { Min = 0, Max = 16 },
    };

    /// <summary>The same connection as <see cref="MySql"/> written by hand on MySqlConnector, as a user would without BackendGen.</summary>
    public static MySqlDataSource RawDataSource()
    {
        var settings = MySql();
        var host = settings.Hosts[0].Split(':');
        var builder = new MySqlConnectionStringBuilder
        {
            Server = host[0],
            Port = uint.Parse(host[1], System.Globalization.CultureInfo.InvariantCulture),
            Database = settings.Database,
            UserID = settings.Username,
            Password = settings.Password,
            MinimumPoolSize = (uint)settings.Pool.Min,
            MaximumPoolSize = (uint)settings.Pool.Max,
            ConnectionTimeout = (uint)settings.ConnectTimeout.TotalSeconds,
            DefaultCommandTimeout = (uint)settings.CommandTimeout.TotalSeconds,
            SslMode = settings.SslMode,
            LoadBalance = settings.LoadBalance,
        };
        return new MySqlDataSourceBuilder(builder.ConnectionString).Build();
    }

    /// <summary>Settings of the benchmark's memcached connection.</summary>
    public static MemcachedSettings Memcached() => new() { Hosts = [Required(MemcachedVariable)] };

    private static string Required(string variable) =>
        Environment.GetEnvironmentVariable(variable)
        ?? throw new InvalidOperationException($"{variable} is not set: run the benchmarks through Program.cs, which starts the servers.");
}
