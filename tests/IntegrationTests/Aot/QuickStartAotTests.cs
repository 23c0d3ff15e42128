using System.Diagnostics;
using System.Text.RegularExpressions;

namespace IntegrationTests.Aot;

/// <summary>
/// Publishes samples/QuickStart as a native AOT binary, counts the trim/AOT warnings that name a Backends.* assembly
/// (there must be none), and runs the binary.
/// </summary>
public sealed partial class QuickStartAotTests
{
    [Fact]
    public async Task QuickStart_publishes_as_native_aot_without_backends_warnings_and_runs()
    {
        var root = RepositoryRoot();
        var output = Directory.CreateTempSubdirectory("backends-aot-");
        try
        {
            // The README's command, warnings as errors on (QuickStart only lets Dapper's own two summary warnings through).
            var publish = await RunAsync("dotnet", root.FullName,
                "publish", Path.Combine("samples", "QuickStart", "QuickStart.csproj"), "-c", "Release", "-r", "linux-x64",
                "-p:PublishAot=true", "-o", output.FullName, "-nologo");
            Assert.True(publish.ExitCode == 0, "dotnet publish failed:\n" + publish.Output);

            var aotWarnings = AotWarning().Matches(publish.Output).Select(m => m.Value).Distinct().ToList();
            var ours = aotWarnings.Where(w => w.Contains("Backends.", StringComparison.Ordinal)).ToList();
            Assert.True(ours.Count == 0, "AOT/trim warnings from Backends.* assemblies:\n" + string.Join("\n", ours));

            var binary = Path.Combine(output.FullName, "QuickStart");
            Assert.True(File.Exists(binary), "no native binary at " + binary);

            var run = await RunAsync(binary, output.FullName);
            Assert.True(run.ExitCode == 0, "the AOT binary failed:\n" + run.Output);
            Assert.Contains("sqlite.local is Ready", run.Output, StringComparison.Ordinal);
            Assert.Contains("inserted 3 rows", run.Output, StringComparison.Ordinal);
            Assert.Contains("read 3 rows back", run.Output, StringComparison.Ordinal);
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    [GeneratedRegex(@"[^\r\n]*warning (IL[23]\d{3})[^\r\n]*")]
    private static partial Regex AotWarning();

    internal static DirectoryInfo RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "BackendGen.sln")))
            {
                return dir;
            }
        }

        throw new InvalidOperationException("BackendGen.sln not found above " + AppContext.BaseDirectory);
    }

    internal static async Task<(int ExitCode, string Output)> RunAsync(string file, string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + file);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // Generous: an AOT publish takes about a minute alone, but many times that on a loaded 2-core machine.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(20));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Leave nothing running behind a failed test.
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish in 20 minutes");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
