using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IntegrationTests.Aot;
using IntegrationTests.Infrastructure;

namespace IntegrationTests.Packaging;

/// <summary>
/// Does what a new user does: packs BackendGen into a local folder feed, creates a fresh console project with
/// <c>dotnet new console</c>, adds the one package <c>Backends.Sqlite</c> from that feed (which must bring the runtime
/// and the generator), drops a <c>backends.json</c>, builds with warnings as errors, runs it, publishes it as native
/// AOT and runs the binary; and the same for a fresh <c>dotnet new web</c> project with <c>Backends.Hosting</c>, which
/// answers an HTTP request on loopback under JIT and as a native binary.
/// </summary>
public sealed partial class PackageTests(PackageTests.LocalFeed feed) : IClassFixture<PackageTests.LocalFeed>
{
    private const string BackendsJson = """
        {
          // the schema the build composes from the packages, for editors; the generator ignores the member
          "$schema": "obj/backends.schema.json",
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
        var version = feed.Version;
        var work = Directory.CreateTempSubdirectory("backends-pkg-");
        try
        {
            var app = Directory.CreateDirectory(Path.Combine(work.FullName, "PkgApp")).FullName;
            await feed.WriteNuGetConfigAsync(work.FullName);

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

            // The schema for editors arrives with the packages: composed from the sqlite adapter's and the generator's fragments (stores, repositories).
            var schemaPath = Path.Combine(app, "obj", "backends.schema.json");
            Assert.True(File.Exists(schemaPath), "the build wrote no " + schemaPath);
            var schema = JsonNode.Parse(await File.ReadAllTextAsync(schemaPath))!.AsObject();
            Assert.Equal(["$schema", "repositories", "sqlite", "stores"], schema["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
            var fragment = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(feed.Root, "src", "Backends.Adapters", "Backends.Sqlite", "build", "backends.sqlite.schema.json")));
            Assert.True(JsonNode.DeepEquals(fragment, schema["definitions"]!["sqlite"]), "the composed schema's sqlite section is not the adapter's fragment");
            Assert.True(File.Exists(Path.Combine(app, "obj", "backends.overlay.schema.json")), "the build wrote no overlay schema");

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
        }
    }

    private const string WebProgram = """
        using System.Text;
        using PkgWeb;

        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Services.AddBackends(builder.Configuration);
        var app = builder.Build();
        app.MapGet("/", async (CancellationToken ct) =>
        {
            var store = Db.Sqlite.Local;
            await store.SetBytesAsync("greeting", Encoding.UTF8.GetBytes("hello over http"), null, ct);
            var back = await store.GetBytesAsync("greeting", ct);
            return $"{DbNames.Sqlite.Local} is {store.State}; read back: {Encoding.UTF8.GetString(back!)}";
        });
        await app.RunAsync();
        """;

    [Fact]
    public async Task A_new_web_project_adds_sqlite_and_hosting_serves_a_request_and_publishes_as_native_aot()
    {
        var work = Directory.CreateTempSubdirectory("backends-pkgweb-");
        try
        {
            await feed.WriteNuGetConfigAsync(work.FullName);
            var app = Directory.CreateDirectory(Path.Combine(work.FullName, "PkgWeb")).FullName;
            var create = await Run("dotnet", app, "new", "web", "--force", "-n", "PkgWeb", "-o", app);
            Assert.True(create.ExitCode == 0, "dotnet new web failed:\n" + create.Output);
            foreach (var package in new[] { "Backends.Sqlite", "Backends.Hosting" })
            {
                var add = await Run("dotnet", app, "add", "package", package, "--version", feed.Version);
                Assert.True(add.ExitCode == 0, $"dotnet add package {package} failed:\n" + add.Output);
            }

            await File.WriteAllTextAsync(Path.Combine(app, "backends.json"), BackendsJson);
            await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), WebProgram);
            var project = await File.ReadAllTextAsync(Path.Combine(app, "PkgWeb.csproj"));
            Assert.DoesNotContain("Backends.Generator", project, StringComparison.Ordinal);

            var build = await Run("dotnet", app, "build", "-c", "Release", "-warnaserror", "-nologo");
            Assert.True(build.ExitCode == 0, "dotnet build -warnaserror failed:\n" + build.Output);

            const string Expected = "sqlite.local is Ready; read back: hello over http";
            var jit = await ServeOnceAsync("dotnet", app, Path.Combine(app, "bin", "Release", "net10.0", "PkgWeb.dll"));
            Assert.Equal(Expected, jit);

            var output = Path.Combine(work.FullName, "aot");
            var publish = await Run("dotnet", app, "publish", "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true", "-o", output, "-nologo");
            Assert.True(publish.ExitCode == 0, "dotnet publish -p:PublishAot=true failed:\n" + publish.Output);
            var ours = AotWarning().Matches(publish.Output).Select(m => m.Value)
                .Where(w => w.Contains("Backends.", StringComparison.Ordinal)).Distinct().ToList();
            Assert.True(ours.Count == 0, "AOT/trim warnings from Backends.* assemblies:\n" + string.Join("\n", ours));

            var binary = Path.Combine(output, "PkgWeb");
            Assert.True(File.Exists(binary), "no native binary at " + binary);
            Assert.Equal(Expected, await ServeOnceAsync(binary, output));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Starts the web app on a free loopback port, asks it for "/" once (retrying while it starts) and stops it; returns
    /// the answer. The wait for start-up is generous: the machine is shared and slow.
    /// </summary>
    private static async Task<string> ServeOnceAsync(string file, string workingDirectory, params string[] arguments)
    {
        var url = "http://127.0.0.1:" + LoopbackPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments.Concat(["--urls", url]))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + file);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            // No proxy: the request goes to the app on loopback, whatever the machine's proxy settings say.
            using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(30) };
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
            while (true)
            {
                if (process.HasExited)
                {
                    Assert.Fail($"{file} exited with {process.ExitCode} before answering:\n{await stdout}{await stderr}");
                }

                try
                {
                    using var response = await client.GetAsync(new Uri(url + "/"));
                    var body = await response.Content.ReadAsStringAsync();
                    Assert.True(response.IsSuccessStatusCode, $"GET / answered {(int)response.StatusCode}: {body}");
                    return body;
                }
                catch (HttpRequestException) when (DateTime.UtcNow < deadline)
                {
                    await Task.Delay(250);
                }
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
            await Task.WhenAll(stdout, stderr);
        }
    }

    /// <summary>
    /// The packages of this build in a local folder feed, packed once for the tests of the class, under a version of
    /// their own per run so that no package restored by an earlier run (NuGet caches by version) is used.
    /// </summary>
    public sealed class LocalFeed : IAsyncLifetime
    {
        private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("backends-feed-");

        public string Version { get; } = "0.1.0-pkgtest." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", System.Globalization.CultureInfo.InvariantCulture);

        public string Root { get; } = QuickStartAotTests.RepositoryRoot().FullName;

        public string Folder => Path.Combine(_work.FullName, "feed");

        public async Task InitializeAsync()
        {
            Directory.CreateDirectory(Folder);
            // --no-build: the solution is built; packing must not rebuild (and overwrite) the assemblies this test runs from.
            var pack = await Run("dotnet", Root, "pack", "BackendGen.sln", "-c", Configuration, "--no-build", "-o", Folder,
                "-p:Version=" + Version, "-nologo");
            Assert.True(pack.ExitCode == 0, "dotnet pack failed:\n" + pack.Output);
            var packages = Directory.GetFiles(Folder, "*.nupkg").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
            foreach (var id in new[] { "Backends.Runtime", "Backends.Generator", "Backends.Hosting", "Backends.Sqlite", "Backends.MySql", "Backends.Memcached", "Backends.MongoDb" })
            {
                Assert.Contains($"{id}.{Version}.nupkg", packages);
                Assert.True(File.Exists(Path.Combine(Folder, $"{id}.{Version}.snupkg")), $"no symbols package for {id}");
            }
        }

        /// <summary>A nuget.config in <paramref name="directory"/> that adds this feed to the usual sources.</summary>
        public Task WriteNuGetConfigAsync(string directory) =>
            File.WriteAllTextAsync(Path.Combine(directory, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <add key="backends-local" value="{Folder}" />
                  </packageSources>
                </configuration>
                """);

        public Task DisposeAsync()
        {
            _work.Delete(recursive: true);
            ForgetRestoredPackages(Version);
            return Task.CompletedTask;
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
        foreach (var id in new[] { "backends.runtime", "backends.generator", "backends.sqlite", "backends.hosting" })
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
