using System.Text.RegularExpressions;
using IntegrationTests.Aot;

namespace IntegrationTests.Packaging;

/// <summary>
/// Does what a new user does: packs BackendGen into a local folder feed, creates a fresh console project with
/// <c>dotnet new console</c>, adds the one package <c>Backends.Sqlite</c> from that feed (which must bring the runtime
/// and the generator), drops a <c>backends.json</c>, builds with warnings as errors, runs it, publishes it as native
/// AOT and runs the binary.
/// </summary>
public sealed partial class PackageTests
{
    private const string BackendsJson = """
        {
          // one embedded database, no server
          "sqlite": { "local": { "path": "app.db" } }
        }
        """;

    private const string Program = """
        using System.Text;
        using PkgApp;

        await Db.InitializeAsync();
        try
        {
            var store = Db.Sqlite.Local;
            await store.SetBytesAsync("greeting", Encoding.UTF8.GetBytes("hello from a package"));
            var back = await store.GetBytesAsync("greeting");
            Console.WriteLine($"{DbNames.Sqlite.Local} is {store.State}; read back: {Encoding.UTF8.GetString(back!)}");
        }
        finally
        {
            await Db.DisposeAsync();
        }
        """;

    [Fact]
    public async Task A_new_console_project_adds_one_package_builds_runs_and_publishes_as_native_aot()
    {
        var root = QuickStartAotTests.RepositoryRoot();
        // A version of its own per run, so that no package restored by an earlier run (NuGet caches by version) is used.
        var version = "0.1.0-pkgtest." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", System.Globalization.CultureInfo.InvariantCulture);
        var work = Directory.CreateTempSubdirectory("backends-pkg-");
        try
        {
            var feed = Directory.CreateDirectory(Path.Combine(work.FullName, "feed")).FullName;
            // --no-build: the solution is built; packing must not rebuild (and overwrite) the assemblies this test runs from.
            var pack = await Run("dotnet", root.FullName, "pack", "BackendGen.sln", "-c", Configuration, "--no-build", "-o", feed,
                "-p:Version=" + version, "-nologo");
            Assert.True(pack.ExitCode == 0, "dotnet pack failed:\n" + pack.Output);
            var packages = Directory.GetFiles(feed, "*.nupkg").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
            foreach (var id in new[] { "Backends.Runtime", "Backends.Generator", "Backends.Hosting", "Backends.Sqlite", "Backends.MySql", "Backends.Memcached", "Backends.MongoDb" })
            {
                Assert.Contains($"{id}.{version}.nupkg", packages);
                Assert.True(File.Exists(Path.Combine(feed, $"{id}.{version}.snupkg")), $"no symbols package for {id}");
            }

            var app = Directory.CreateDirectory(Path.Combine(work.FullName, "PkgApp")).FullName;
            await File.WriteAllTextAsync(Path.Combine(work.FullName, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <add key="backends-local" value="{feed}" />
                  </packageSources>
                </configuration>
                """);

            var create = await Run("dotnet", app, "new", "console", "--force", "-n", "PkgApp", "-o", app);
            Assert.True(create.ExitCode == 0, "dotnet new console failed:\n" + create.Output);
            var add = await Run("dotnet", app, "add", "package", "Backends.Sqlite", "--version", version);
            Assert.True(add.ExitCode == 0, "dotnet add package failed:\n" + add.Output);

            await File.WriteAllTextAsync(Path.Combine(app, "backends.json"), BackendsJson);
            await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), Program);

            // Only Backends.Sqlite was added: the generator and the runtime must have come with it.
            var project = await File.ReadAllTextAsync(Path.Combine(app, "PkgApp.csproj"));
            Assert.Contains("Include=\"Backends.Sqlite\"", project, StringComparison.Ordinal);
            Assert.DoesNotContain("Backends.Generator", project, StringComparison.Ordinal);

            var build = await Run("dotnet", app, "build", "-c", "Release", "-warnaserror", "-nologo");
            Assert.True(build.ExitCode == 0, "dotnet build -warnaserror failed:\n" + build.Output);

            const string Expected = "sqlite.local is Ready; read back: hello from a package";
            var run = await Run("dotnet", app, "run", "-c", "Release", "--no-build");
            Assert.True(run.ExitCode == 0, "dotnet run failed:\n" + run.Output);
            Assert.Contains(Expected, run.Output, StringComparison.Ordinal);

            var output = Path.Combine(work.FullName, "aot");
            var publish = await Run("dotnet", app, "publish", "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true", "-o", output, "-nologo");
            Assert.True(publish.ExitCode == 0, "dotnet publish -p:PublishAot=true failed:\n" + publish.Output);
            var ours = AotWarning().Matches(publish.Output).Select(m => m.Value)
                .Where(w => w.Contains("Backends.", StringComparison.Ordinal)).Distinct().ToList();
            Assert.True(ours.Count == 0, "AOT/trim warnings from Backends.* assemblies:\n" + string.Join("\n", ours));

            var binary = Path.Combine(output, "PkgApp");
            Assert.True(File.Exists(binary), "no native binary at " + binary);
            var native = await Run(binary, output);
            Assert.True(native.ExitCode == 0, "the AOT binary failed:\n" + native.Output);
            Assert.Contains(Expected, native.Output, StringComparison.Ordinal);
        }
        finally
        {
            work.Delete(recursive: true);
            ForgetRestoredPackages(version);
        }
    }

    /// <summary>The configuration this test assembly was built in, so that pack finds the same build outputs.</summary>
    private static string Configuration =>
        AppContext.BaseDirectory.Replace('\\', '/').Contains("/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";

    private static Task<(int ExitCode, string Output)> Run(string file, string workingDirectory, params string[] arguments) =>
        QuickStartAotTests.RunAsync(file, workingDirectory, arguments);

    /// <summary>Removes this run's packages from the NuGet cache, which otherwise keeps one copy per test run.</summary>
    private static void ForgetRestoredPackages(string version)
    {
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in new[] { "backends.runtime", "backends.generator", "backends.sqlite" })
        {
            var folder = Path.Combine(cache, id, version);
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [GeneratedRegex(@"[^\r\n]*warning (IL[23]\d{3})[^\r\n]*")]
    private static partial Regex AotWarning();
}
