using BenchmarkDotNet.Attributes;
using Backends.MySql;
using Dapper;
using MySqlConnector;

[module: DapperAot]

namespace OverheadBenchmarks;

/// <summary>One Dapper query (a primary-key read) through a BackendGen handle against the same query on a raw data source.</summary>
[MemoryDiagnoser]
public class DapperBenchmarks
{
    private MySqlBackend _handle = null!;
    private MySqlDataSource _raw = null!;
    private int _id;

    [GlobalSetup]
    public async Task SetUpAsync()
    {
        _handle = new MySqlBackend("bench", Servers.MySql());
        await _handle.ConfigureAsync();
        _raw = Servers.RawDataSource();
        await Schema.CreateAsync(_raw);
    }

    [GlobalCleanup]
    public async Task CleanUpAsync()
    {
        await _handle.CloseAsync();
        await _raw.DisposeAsync();
    }

    [Benchmark(Baseline = true)]
    public async Task<Note?> Raw_data_source_query()
    {
        await using var connection = await _raw.OpenConnectionAsync();
        return await Query(connection, NextId());
    }

    [Benchmark]
    public async Task<Note?> Handle_query()
    {
        await using var connection = await _handle.OpenConnectionAsync();
        return await Query(connection, NextId());
    }

    private int NextId() => _id = (_id % Schema.Rows) + 1;

    // Dapper.AOT sees the connection's type here (a parameter), so it intercepts the call: no reflection emit.
    private static Task<Note?> Query(MySqlConnection connection, int id) =>
        connection.QueryFirstOrDefaultAsync<Note>("SELECT id AS Id, body AS Body FROM bench_notes WHERE id = @id", new { id });
}

/// <summary>A row of the benchmark table.</summary>
public sealed class Note
{
    public int Id { get; set; }

    public string Body { get; set; } = "";
}

internal static class Schema
{
    public const int Rows = 100;

    public static async Task CreateAsync(MySqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "CREATE TABLE IF NOT EXISTS bench_notes (id INT PRIMARY KEY, body VARCHAR(100) NOT NULL); " +
            "DELETE FROM bench_notes; " +
            string.Join(' ', Enumerable.Range(1, Rows).Select(i => $"INSERT INTO bench_notes VALUES ({i}, 'note number {i}');"));
        await command.ExecuteNonQueryAsync();
    }
}
