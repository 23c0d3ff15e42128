using System.Text.RegularExpressions;
using MongoTestServer;

namespace IntegrationTests.Aot;

/// <summary>
/// Publishes tests/MongoAotProbe as a native AOT binary and runs it against a <see cref="MongoWireServer"/>: typed
/// inserts, builder filters, updates, LINQ predicates on a string, an int and an enum, deletes and a duplicate key, all
/// through <c>Db.MongoDb.Probe.Users</c> (and a repository round trip through <c>Db.Repositories.Users</c>) and its generated BSON serializer. No trim/AOT warning may name Backends.* or the
/// probe. The same program built with <c>-p:BackendsMongoSerializers=false</c> (the driver's class maps) fails under AOT,
/// as the plain driver does.
/// </summary>
public sealed partial class MongoAotTests
{
    private static readonly string[] s_steps =
    [
        "start-up",
        "insert",
        "find Filter.Eq(u => u.Email, ..)",
        "find Filter.Gt(u => u.Age, ..) sorted by Sort.Descending(u => u.Age)",
        "find Filter.Eq(u => u.Role, Role.Admin) & Filter.Lt(u => u.CreatedAt, ..)",
        "update Update.Set(u => u.LastName, ..).Inc(u => u.Age, 1)",
        "LINQ predicate on a string: Find(u => u.Email == ..)",
        "LINQ predicate on an int: Find(u => u.Age > 40)",
        "LINQ predicate on an enum: Find(u => u.Role == Role.Admin)",
        "AsQueryable().Where(u => u.Age < 40)",
        "delete Filter.Eq(u => u.Email, ..) and DeleteMany(u => u.Age > 0)",
        "duplicate email → 11000",
        "repository Db.Repositories.Users: save, get, FindAsync(x => x.Email), count, delete",
    ];

    [Fact]
    public async Task The_probe_runs_as_native_aot_with_generated_serializers_and_fails_with_class_maps()
    {
        await using var server = MongoWireServer.Start();
        var root = QuickStartAotTests.RepositoryRoot();
        var project = Path.Combine("tests", "MongoAotProbe", "MongoAotProbe.csproj");
        var generated = Directory.CreateTempSubdirectory("backends-mongo-aot-");
        var classMaps = Directory.CreateTempSubdirectory("backends-mongo-aot-classmap-");
        try
        {
            var publish = await QuickStartAotTests.RunAsync("dotnet", root.FullName,
                "publish", project, "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true", "-o", generated.FullName, "-nologo");
            Assert.True(publish.ExitCode == 0, "dotnet publish failed:\n" + publish.Output);
            var ours = OurWarnings(publish.Output);
            Assert.True(ours.Count == 0, "AOT/trim warnings naming Backends.* or the probe:\n" + string.Join("\n", ours));

            var run = await RunProbeAsync(Path.Combine(generated.FullName, "MongoAotProbe"), server);
            Assert.True(run.ExitCode == 0, "the AOT probe failed:\n" + run.Output);
            foreach (var step in s_steps)
            {
                Assert.Contains("OK " + step + ":", run.Output, StringComparison.Ordinal);
            }

            Assert.Contains("ALL OK", run.Output, StringComparison.Ordinal);

            // The same program over the driver's class maps: it builds, and fails at the first typed write, as the plain driver does.
            var plain = await QuickStartAotTests.RunAsync("dotnet", root.FullName,
                "publish", project, "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true", "-p:BackendsMongoSerializers=false",
                "-o", classMaps.FullName, "-nologo");
            Assert.True(plain.ExitCode == 0, "dotnet publish (class maps) failed:\n" + plain.Output);
            var failing = await RunProbeAsync(Path.Combine(classMaps.FullName, "MongoAotProbe"), server);
            Assert.True(failing.ExitCode != 0, "with class maps the AOT probe was expected to fail:\n" + failing.Output);
            Assert.Contains("OK start-up:", failing.Output, StringComparison.Ordinal);
            Assert.Contains("FAIL insert:", failing.Output, StringComparison.Ordinal);
            Assert.Matches("MissingMethodException|missing native code|MissingMetadataException", failing.Output);
        }
        finally
        {
            generated.Delete(recursive: true);
            classMaps.Delete(recursive: true);
        }
    }

    /// <summary>The IL2xxx/IL3xxx warnings whose text (not the project path MSBuild appends) names Backends.* or the probe.</summary>
    internal static List<string> OurWarnings(string output) =>
        [.. AotWarning().Matches(output)
            .Select(m => ProjectSuffix().Replace(m.Value, ""))
            .Distinct()
            .Where(w => w.Contains("Backends.", StringComparison.Ordinal) || w.Contains("MongoAotProbe", StringComparison.Ordinal))];

    private static Task<(int ExitCode, string Output)> RunProbeAsync(string binary, MongoWireServer server)
    {
        Assert.True(File.Exists(binary), "no native binary at " + binary);
        return QuickStartAotTests.RunAsync("/usr/bin/env", Path.GetDirectoryName(binary)!,
            "Backends__mongodb__probe__hosts__0=" + server.Host,
            "Backends__mongodb__probe__database=probe_" + Guid.NewGuid().ToString("N")[..12],
            binary);
    }

    [GeneratedRegex(@"[^\r\n]*warning (IL[23]\d{3})[^\r\n]*")]
    private static partial Regex AotWarning();

    [GeneratedRegex(@"\s*\[[^\]]*\.csproj\]\s*$")]
    private static partial Regex ProjectSuffix();
}
