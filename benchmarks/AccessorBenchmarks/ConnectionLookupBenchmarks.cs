using System.Collections.Frozen;
using Backends.MySql;
using Backends.Runtime;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using MySqlConnector;

namespace AccessorBenchmarks;

/// <summary>
/// One lookup of the connection <c>mysql.demo</c> per operation, five ways. Nothing connects: the handles and the
/// data source are created, never opened.
/// </summary>
[MemoryDiagnoser]
public class ConnectionLookupBenchmarks
{
    private static readonly MySqlBackend s_field = Db.MySql.Demo;

    private FrozenDictionary<string, IBackendConnection> _frozen = null!;
    private ServiceProvider _services = null!;
    private string _name = null!;

    [GlobalSetup]
    public void Setup()
    {
        // Not a constant: a lookup must not be folded away.
        _name = string.Concat("mysql.", "demo");
        _frozen = Db.All.ToFrozenDictionary(c => c.Name, StringComparer.Ordinal);
        var services = new ServiceCollection();
        foreach (var connection in Db.All)
        {
            if (connection is MySqlBackend mysql)
            {
                // What a keyed-DI (Aspire) application registers: the driver's data source under the connection's name.
                services.AddKeyedSingleton(mysql.Name, (_, _) => new MySqlDataSource($"Server=127.0.0.1;Database={mysql.ConnectionName}"));
            }
        }

        _services = services.BuildServiceProvider();
        _ = _services.GetRequiredKeyedService<MySqlDataSource>(_name); // created once, as in an application
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Baseline = true, Description = "hand-written static field")]
    public MySqlBackend StaticField() => s_field;

    [Benchmark(Description = "Db.MySql.Demo (generated accessor)")]
    public MySqlBackend GeneratedAccessor() => Db.MySql.Demo;

    [Benchmark(Description = "Db.Registry.Get(name)")]
    public IBackendConnection RegistryGet() => Db.Registry.Get(_name);

    [Benchmark(Description = "FrozenDictionary lookup")]
    public IBackendConnection FrozenLookup() => _frozen[_name];

    [Benchmark(Description = "GetRequiredKeyedService<MySqlDataSource>(name)")]
    public MySqlDataSource KeyedService() => _services.GetRequiredKeyedService<MySqlDataSource>(_name);
}
