using Backends.Testing;
using System.Text.RegularExpressions;
using IntegrationTests.DynamoDb;

namespace IntegrationTests.Aot;

/// <summary>
/// Publishes tests/DynamoAotProbe as a native AOT binary and runs it against dynalite: start-up creating tables with a
/// GSI, put/get, conditional put, a batch of 120 and a paged range query, batch get, a GSI query, TTL, delete, the
/// repository interface (FindAsync by expression) and the key/value store, over the generated <c>Db.DynamoDb.Probe</c>.
/// No trim/AOT warning may name Backends.* or the probe.
/// </summary>
public sealed partial class DynamoAotTests
{
    private static readonly string[] s_steps =
    [
        "start-up",
        "put and get",
        "put if not exists",
        "batch put 120 and query with a range condition in pages",
        "batch get",
        "GSI query",
        "TTL past reads as missing",
        "delete",
        "repository save, get, find by expression, count",
        "key/value store",
    ];

    [Fact]
    public async Task The_probe_runs_as_native_aot_against_dynalite_with_no_warning_from_our_code()
    {
        await using var server = await DynaliteProcess.StartAsync();
        var root = QuickStartAotTests.RepositoryRoot();
        var output = Directory.CreateTempSubdirectory("backends-dynamo-aot-");
        try
        {
            var publish = await QuickStartAotTests.RunAsync("dotnet", root.FullName,
                "publish", Path.Combine("tests", "DynamoAotProbe", "DynamoAotProbe.csproj"), "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true",
                "-o", output.FullName, "-nologo");
            Assert.True(publish.ExitCode == 0, "dotnet publish failed:\n" + publish.Output);
            var warnings = AotWarning().Matches(publish.Output).Select(m => ProjectSuffix().Replace(m.Value, "")).Distinct().ToList();
            var ours = warnings.Where(w => w.Contains("Backends.", StringComparison.Ordinal) || w.Contains("DynamoAotProbe", StringComparison.Ordinal)).ToList();
            Assert.True(ours.Count == 0, "AOT/trim warnings naming Backends.* or the probe:\n" + string.Join("\n", ours));

            var binary = Path.Combine(output.FullName, "DynamoAotProbe");
            Assert.True(File.Exists(binary), "no native binary at " + binary);
            var run = await QuickStartAotTests.RunAsync("/usr/bin/env", output.FullName,
                "Backends__dynamodb__probe__serviceUrl=" + server.ServiceUrl,
                "Backends__dynamodb__probe__tablePrefix=aot" + Guid.NewGuid().ToString("N")[..8] + "-",
                "DYNAMO_PROBE_SECRET=dynalite-does-not-check",
                binary);
            Assert.True(run.ExitCode == 0, "the AOT probe failed:\n" + run.Output);
            foreach (var step in s_steps)
            {
                Assert.Contains("OK " + step + ":", run.Output, StringComparison.Ordinal);
            }

            Assert.Contains("ALL OK", run.Output, StringComparison.Ordinal);
            Console.WriteLine($"DynamoAotProbe: {new FileInfo(binary).Length} bytes, {warnings.Count} IL2xxx/IL3xxx warning(s) in all, {ours.Count} from Backends.*");
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    [GeneratedRegex(@"[^\r\n]*warning (IL[23]\d{3})[^\r\n]*")]
    private static partial Regex AotWarning();

    [GeneratedRegex(@"\s*\[[^\]]*\.csproj\]\s*$")]
    private static partial Regex ProjectSuffix();
}
