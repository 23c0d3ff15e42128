using System.Diagnostics;
using System.Text;
using IntegrationTests.Aot;

namespace IntegrationTests.Samples;

/// <summary>
/// Runs samples/ThirdPartyAdapter/FilesApp, the application of docs/adapters.md's worked adapter: its <c>Db.Files.Notes</c>
/// was generated from backends.json for a kind no built-in adapter serves, and its secret comes from the environment.
/// </summary>
public sealed class ThirdPartyAdapterSampleTests
{
    private static readonly TimeSpan s_bound = TimeSpan.FromMinutes(5); // generous: the machine is shared and slow

    [Fact]
    public async Task FilesApp_reaches_its_third_party_connection_through_the_generated_accessor()
    {
        var key = Convert.ToBase64String(Encoding.ASCII.GetBytes("files-app-sample-secret-key-0123"));
        var work = Directory.CreateTempSubdirectory("backendgen-filesapp-");
        try
        {
            var (exitCode, output) = await RunAsync(AppPath(), work.FullName, ("ACME_FILES_KEY", key));

            Assert.True(exitCode == 0, "FilesApp failed:\n" + output);
            Assert.Contains("files.notes is Ready; read back: hello from a third-party adapter", output, StringComparison.Ordinal);
            Assert.Contains("encrypted: True", output, StringComparison.Ordinal);
            Assert.Contains("encryptionKey = ***", output, StringComparison.Ordinal);
            Assert.DoesNotContain(key, output, StringComparison.Ordinal);
            var entry = Assert.Single(Directory.GetFiles(Path.Combine(work.FullName, "data", "notes"), "*.entry"));
            Assert.Equal(-1, File.ReadAllBytes(entry).AsSpan().IndexOf("hello from a third-party adapter"u8));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task FilesApp_without_its_secret_fails_naming_the_variable()
    {
        var work = Directory.CreateTempSubdirectory("backendgen-filesapp-");
        try
        {
            var (exitCode, output) = await RunAsync(AppPath(), work.FullName, ("ACME_FILES_KEY", null));

            Assert.NotEqual(0, exitCode);
            Assert.Contains("files.notes", output, StringComparison.Ordinal);
            Assert.Contains("ACME_FILES_KEY", output, StringComparison.Ordinal);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>FilesApp's build output in the configuration this test project was built in.</summary>
    private static string AppPath()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var path = Path.Combine(QuickStartAotTests.RepositoryRoot().FullName, "samples", "ThirdPartyAdapter", "FilesApp", "bin", configuration, "net10.0", "FilesApp.dll");
        Assert.True(File.Exists(path), "FilesApp is not built: " + path);
        return path;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string app, string workingDirectory, (string Name, string? Value) variable)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(app);
        start.Environment[variable.Name] = variable.Value;
        if (variable.Value is null)
        {
            start.Environment.Remove(variable.Name);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + app);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(s_bound);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"FilesApp was still running after {s_bound.TotalMinutes} minutes:\n{await stdout}{await stderr}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
