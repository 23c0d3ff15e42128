using System.Collections.Immutable;
using Backends.Generator.Analyzers;
using GeneratorTests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace GeneratorTests;

/// <summary>
/// BG0022: a Dapper call whose connection's type comes from the generated <c>Db</c> class is one Dapper.AOT cannot
/// intercept (generators do not see each other's output); the analyzer flags it on the call and leaves alone the
/// calls Dapper.AOT does see.
/// </summary>
public sealed class DapperAotAnalyzerTests
{
    private const string Backends = """{ "sqlite": { "local": { "path": "app.db" } } }""";

    private const string Usings = """
        using System.Threading.Tasks;
        using Backends.Sqlite;
        using Dapper;
        using Microsoft.Data.Sqlite;

        """;

    [Fact]
    public async Task A_var_initialised_from_Db_is_flagged_on_the_call()
    {
        var problems = await AnalyzeAsync("""
            var connection = await Db.Sqlite.Local.OpenConnectionAsync();
            await connection.ExecuteAsync("DELETE FROM t");
            """);

        var problem = Assert.Single(problems);
        Assert.Equal("BG0022", problem.Id);
        Assert.Equal(DiagnosticSeverity.Warning, problem.Severity);
        Assert.Equal("connection.ExecuteAsync(\"DELETE FROM t\")", Text(problem));
        Assert.Equal(
            "Dapper.AOT cannot intercept this ExecuteAsync call: the type of 'connection' comes from the generated " +
            "'MyApp.Db', which Dapper.AOT does not see, so under native AOT the call fails with " +
            "\"Dynamic code generation is not supported\"; declare the variable with its type (SqliteConnection " +
            "connection = ...) or pass the handle to a method that takes it as a parameter",
            problem.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_Db_expression_used_directly_as_the_receiver_is_flagged()
    {
        var problems = await AnalyzeAsync("""
            await (await Db.Sqlite.Local.OpenConnectionAsync()).QueryAsync<int>("SELECT 1");
            """);

        Assert.Equal("BG0022", Assert.Single(problems).Id);
    }

    [Fact]
    public async Task A_chain_of_var_locals_is_followed_back_to_Db()
    {
        var problems = await AnalyzeAsync("""
            var handle = Db.Sqlite.Local;
            using var connection = await handle.OpenConnectionAsync();
            await connection.ExecuteAsync("DELETE FROM t");
            """);

        Assert.Equal("BG0022", Assert.Single(problems).Id);
    }

    [Fact]
    public async Task The_static_call_form_is_flagged_too()
    {
        var problems = await AnalyzeAsync("""
            var connection = await Db.Sqlite.Local.OpenConnectionAsync();
            await SqlMapper.ExecuteAsync(connection, "DELETE FROM t");
            """);

        Assert.Equal("BG0022", Assert.Single(problems).Id);
    }

    [Fact]
    public async Task A_connection_declared_with_its_type_is_not_flagged()
    {
        var problems = await AnalyzeAsync("""
            SqliteConnection connection = await Db.Sqlite.Local.OpenConnectionAsync();
            await connection.ExecuteAsync("DELETE FROM t");
            await using var second = new SqliteConnection("Data Source=:memory:");
            await second.QueryAsync<int>("SELECT 1");
            """);

        Assert.Empty(problems);
    }

    [Fact]
    public async Task A_call_in_a_method_that_takes_the_handle_is_not_flagged()
    {
        var problems = await AnalyzeAsync(
            """
            await Work.RunAsync(Db.Sqlite.Local);
            """,
            """
            internal static class Work
            {
                public static async Task RunAsync(SqliteBackend database)
                {
                    await using var connection = await database.OpenConnectionAsync();
                    await connection.ExecuteAsync("DELETE FROM t");
                }
            }
            """);

        Assert.Empty(problems);
    }

    [Fact]
    public async Task Nothing_is_flagged_without_DapperAot()
    {
        var problems = await AnalyzeAsync(
            """
            var connection = await Db.Sqlite.Local.OpenConnectionAsync();
            await connection.ExecuteAsync("DELETE FROM t");
            """,
            dapperAot: false);

        Assert.Empty(problems);
    }

    [Fact]
    public async Task DapperAot_false_at_module_level_turns_it_off()
    {
        var problems = await AnalyzeAsync(
            """
            var connection = await Db.Sqlite.Local.OpenConnectionAsync();
            await connection.ExecuteAsync("DELETE FROM t");
            """,
            moduleAttribute: "[module: DapperAot(false)]");

        Assert.Empty(problems);
    }

    private static string Text(Diagnostic diagnostic) =>
        diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan);

    private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(
        string body, string extra = "", bool dapperAot = true, string moduleAttribute = "[module: DapperAot]")
    {
        var source = Usings + (dapperAot ? moduleAttribute + "\n" : "") + $$"""
            namespace MyApp;

            internal static class Program
            {
                public static async Task Main()
                {
            {{body}}
                }
            }

            {{extra}}
            """;
        var run = GeneratorHarness.Run(
            [("/app/backends.json", Backends)], compilation: GeneratorHarness.CreateCompilation(source));
        Assert.Empty(run.Diagnostics);
        Assert.DoesNotContain(run.CompilationProblems, d => d.Severity == DiagnosticSeverity.Error);

        var analyzed = run.OutputCompilation.WithAnalyzers([new DapperAotReceiverAnalyzer()]);
        return await analyzed.GetAnalyzerDiagnosticsAsync();
    }
}
