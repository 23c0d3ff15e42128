using System.Diagnostics;
using IntegrationTests.Aot;
using IntegrationTests.Infrastructure;
using IntegrationTests.MySql;
using Xunit.Abstractions;

namespace IntegrationTests.Hosting;

/// <summary>
/// Runs tests/HostProbe, an application written from the standard templates (the worker template's
/// <c>Host.CreateApplicationBuilder</c> + <c>RunAsync</c>, and a minimal web API on <c>WebApplication.CreateSlimBuilder</c>),
/// as a real child process whose one required connection points at a closed loopback port: start-up must give up at
/// its <c>startupTimeout</c> and the process must end with the documented exit code 70, not with an unhandled exception,
/// after a Critical log line that names the connection and its last error but never its password.
/// </summary>
[Collection(SharedMariaDb.Name)]
public sealed class HostingProbeTests(MariaDbFixture fixture, ITestOutputHelper output)
{
    private const string Password = "probe-S3cret-7f1c";

    /// <summary>The probe's start-up deadline and retry delay (backends.json overrides below).</summary>
    private static readonly TimeSpan s_startupTimeout = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan s_retryDelay = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// The bound on the whole run: startupTimeout + one retry delay, plus a generous allowance for starting a .NET process
    /// on a loaded 2-core machine (the measured time is written to the test output).
    /// </summary>
    private static readonly TimeSpan s_bound = s_startupTimeout + s_retryDelay + TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("generic")]
    [InlineData("web")]
    public async Task A_required_connection_that_never_comes_up_ends_the_process_with_exit_code_70_and_a_log_naming_it(string template)
    {
        var closedPort = LoopbackPorts.Free();
        var (exitCode, log, elapsed) = await RunProbeAsync(template, new()
        {
            ["Backends__mysql__probe__port"] = Invariant(closedPort),
            ["Backends__mysql__waiting__port"] = Invariant(closedPort),
        });
        output.WriteLine($"{template}: exit code {exitCode} after {elapsed.TotalSeconds:0.00} s (startupTimeout {s_startupTimeout.TotalSeconds} s, retryDelay {s_retryDelay.TotalMilliseconds} ms)");
        output.WriteLine(log);

        Assert.True(exitCode == 70, $"expected exit code 70, got {exitCode}:\n{log}");
        Assert.Contains("crit:", log, StringComparison.Ordinal);
        Assert.Contains("mysql.probe", log, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", log, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, log, StringComparison.Ordinal);
    }

    /// <summary>
    /// Issue 7, defect 3 at the level of the process: a wrong password is an error waiting cannot fix, so the host fails
    /// at once, although another required connection would wait for ever ("startupTimeout": "infinite"). Without
    /// fail-fast the process would never exit and the bound below would end the test.
    /// </summary>
    [Fact]
    public async Task A_wrong_password_ends_the_process_at_once_although_another_connection_would_wait_for_ever()
    {
        var (exitCode, log, elapsed) = await RunProbeAsync("generic", new()
        {
            ["Backends__mysql__probe__port"] = Invariant(fixture.Server.Port),
            ["Backends__mysql__probe__username"] = "app",
            ["Backends__mysql__probe__startupTimeout"] = "infinite",
            ["Backends__mysql__waiting__port"] = Invariant(LoopbackPorts.Free()),
            ["Backends__mysql__waiting__startupTimeout"] = "infinite",
        });
        output.WriteLine($"wrong password beside \"infinite\": exit code {exitCode} after {elapsed.TotalSeconds:0.00} s");
        output.WriteLine(log);

        Assert.True(exitCode == 70, $"expected exit code 70, got {exitCode}:\n{log}");
        Assert.Contains("crit:", log, StringComparison.Ordinal);
        Assert.Contains("mysql.probe", log, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, log, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Server.AppPassword, log, StringComparison.Ordinal);
    }

    private static string Invariant(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<(int ExitCode, string Log, TimeSpan Elapsed)> RunProbeAsync(string template, Dictionary<string, string> overrides)
    {
        var probe = ProbePath();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(probe)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(probe);
        start.ArgumentList.Add(template);
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["HOST_PROBE_PASSWORD"] = Password;
        foreach (var name in new[] { "probe", "waiting" })
        {
            start.Environment[$"Backends__mysql__{name}__startupTimeout"] = $"{s_startupTimeout.TotalSeconds}s";
            start.Environment[$"Backends__mysql__{name}__retryDelay"] = $"{s_retryDelay.TotalMilliseconds}ms";
            start.Environment[$"Backends__mysql__{name}__maxRetryDelay"] = $"{s_retryDelay.TotalMilliseconds}ms";
        }

        foreach (var (name, value) in overrides)
        {
            start.Environment[name] = value;
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the probe");
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
            Assert.Fail($"the probe ({template}) was still running after {s_bound.TotalSeconds} s:\n{await stdout}{await stderr}");
        }

        clock.Stop();
        return (process.ExitCode, await stdout + await stderr, clock.Elapsed);
    }

    /// <summary>tests/HostProbe's build output in the configuration this test project was built in.</summary>
    private static string ProbePath()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var path = Path.Combine(QuickStartAotTests.RepositoryRoot().FullName, "tests", "HostProbe", "bin", configuration, "net10.0", "HostProbe.dll");
        Assert.True(File.Exists(path), "HostProbe is not built: " + path);
        return path;
    }
}
