using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using IntegrationTests.Aot;
using IntegrationTests.DynamoDb;
using IntegrationTests.Infrastructure;
using IntegrationTests.Memcached;
using IntegrationTests.MySql;
using MongoTestServer;
using MySqlConnector;
using Xunit.Abstractions;

namespace IntegrationTests.Samples;

/// <summary>
/// samples/OrdersService, a minimal web API over MySQL, MongoDB, DynamoDB, memcached and a tiered store, published as
/// native AOT (no trim/AOT warning may name Backends.* or the sample) and run as a JIT build: each against a real
/// MariaDB and memcached, the MongoDB test server and dynalite (its declared shipments table), driven over HTTP, checked at /health, stopped with SIGTERM, and checked for
/// a clean exit with every cart written through to MySQL.
/// </summary>
public sealed partial class OrdersServiceTests(ITestOutputHelper output)
{
    private const int Carts = 200;

    [Fact]
    public async Task The_service_publishes_as_native_aot_serves_every_backend_and_stops_cleanly()
    {
        await using var mariaDb = await MariaDbServer.StartAsync();
        await using var memcached = await MemcachedProcess.StartAsync();
        await using var mongo = MongoWireServer.Start();
        await using var dynalite = await DynaliteProcess.StartAsync();
        var root = QuickStartAotTests.RepositoryRoot();
        var published = Directory.CreateTempSubdirectory("backends-orders-aot-");
        try
        {
            var publish = await QuickStartAotTests.RunAsync("dotnet", root.FullName,
                "publish", Path.Combine("samples", "OrdersService", "OrdersService.csproj"), "-c", "Release", "-r", "linux-x64",
                "-p:PublishAot=true", "-o", published.FullName, "-nologo");
            Assert.True(publish.ExitCode == 0, "dotnet publish failed:\n" + publish.Output);
            var ours = MongoAotTests.OurWarnings(publish.Output).Concat(AotWarning().Matches(publish.Output)
                .Select(m => m.Value).Where(w => w.Contains("OrdersService", StringComparison.Ordinal) && !w.Contains("OrdersService.csproj", StringComparison.Ordinal)))
                .Distinct().ToList();
            Assert.True(ours.Count == 0, "AOT/trim warnings naming Backends.* or the sample:\n" + string.Join("\n", ours));

            var binary = Path.Combine(published.FullName, "OrdersService");
            Assert.True(File.Exists(binary), "no native binary at " + binary);
            output.WriteLine($"native binary: {new FileInfo(binary).Length / 1024.0 / 1024.0:0.0} MB");
            await DriveAsync(new ProcessStartInfo(binary) { WorkingDirectory = published.FullName }, "aot", mariaDb, memcached, mongo, dynalite);

            var jit = Path.Combine(root.FullName, "samples", "OrdersService", "bin", "Release", "net10.0", "OrdersService.dll");
            Assert.True(File.Exists(jit), "the solution build did not produce " + jit);
            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(jit)! };
            start.ArgumentList.Add(jit);
            await DriveAsync(start, "jit", mariaDb, memcached, mongo, dynalite);
        }
        finally
        {
            published.Delete(recursive: true);
        }
    }

    private async Task DriveAsync(ProcessStartInfo start, string run, MariaDbServer mariaDb, MemcachedProcess memcached, MongoWireServer mongo, DynaliteProcess dynalite)
    {
        var port = LoopbackPorts.Free();
        var database = "orders_" + run;
        await mariaDb.ExecuteAsRootAsync($"CREATE DATABASE IF NOT EXISTS {database}; GRANT ALL ON {database}.* TO '{MariaDbServer.AppUser}'@'%';");
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ORDERS_MYSQL_PASSWORD"] = mariaDb.AppPassword;
        start.Environment["Backends__mysql__orders__hosts__0"] = mariaDb.Host;
        start.Environment["Backends__mysql__orders__database"] = database;
        start.Environment["Backends__mongodb__audit__hosts__0"] = mongo.Host;
        start.Environment["Backends__mongodb__audit__database"] = "audit_" + run;
        start.Environment["Backends__memcached__sessions__hosts__0"] = memcached.Host;
        start.Environment["Backends__dynamodb__shipping__serviceUrl"] = dynalite.ServiceUrl;
        start.Environment["Backends__dynamodb__shipping__tablePrefix"] = run + "-";
        start.Environment["ORDERS_DYNAMO_SECRET"] = "dynalite-does-not-check";

        var log = new StringBuilder();
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Line(e.Data);
        process.ErrorDataReceived += (_, e) => Line(e.Data);
        Assert.True(process.Start(), "could not start " + start.FileName);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            // Generous: a loaded 2-core machine; the figure itself is printed below.
            var started = await ready.Task.WaitAsync(TimeSpan.FromMinutes(3));
            output.WriteLine($"{run}: {started}");

            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };

            var created = await http.PostAsJsonAsync("/orders", new { customer = "ada", item = "keyboard", quantity = 2 });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
            var order = await http.GetFromJsonAsync<JsonElement>($"/orders/{id}");
            Assert.Equal("ada", order.GetProperty("customer").GetString());
            Assert.Equal("keyboard", order.GetProperty("item").GetString());
            Assert.Equal(2, order.GetProperty("quantity").GetInt32());
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/orders/{id + 1000}")).StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsJsonAsync("/orders", new { customer = "", item = "x", quantity = 0 })).StatusCode);

            // Shipments: the declared DynamoDB table (start-up created it in dynalite), typed number hash key.
            var shipped = await http.PostAsJsonAsync($"/orders/{id}/shipments", new { carrier = "ups" });
            Assert.Equal(HttpStatusCode.Created, shipped.StatusCode);
            var shipmentId = (await shipped.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
            Assert.Equal(HttpStatusCode.Created, (await http.PostAsJsonAsync($"/orders/{id}/shipments", new { carrier = "dhl" })).StatusCode);
            var shipments = await http.GetFromJsonAsync<JsonElement>($"/orders/{id}/shipments");
            Assert.Equal(2, shipments.GetArrayLength());
            Assert.Contains(shipments.EnumerateArray(), s => s.GetProperty("id").GetString() == shipmentId && s.GetProperty("carrier").GetString() == "ups");
            Assert.Equal(0, (await http.GetFromJsonAsync<JsonElement>($"/orders/{id + 1000}/shipments")).GetArrayLength());
            Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsJsonAsync($"/orders/{id}/shipments", new { carrier = "" })).StatusCode);

            var audit = await http.GetFromJsonAsync<JsonElement>($"/orders/{id}/audit");
            Assert.Equal(1, audit.GetArrayLength());
            Assert.Equal("created", audit[0].GetProperty("action").GetString());

            Assert.Equal(HttpStatusCode.NoContent, (await http.PutAsJsonAsync("/sessions/s1", new { user = "ada", roles = new[] { "buyer" } })).StatusCode);
            var session = await http.GetFromJsonAsync<JsonElement>("/sessions/s1");
            Assert.Equal("ada", session.GetProperty("user").GetString());
            Assert.Equal("buyer", session.GetProperty("roles")[0].GetString());
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/sessions/nobody")).StatusCode);

            for (var i = 0; i < Carts; i++)
            {
                var put = await http.PutAsJsonAsync($"/carts/c{i}", new { items = new[] { "item" + i } });
                Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
            }

            var cart = await http.GetFromJsonAsync<JsonElement>($"/carts/c{Carts - 1}");
            Assert.Equal("item" + (Carts - 1), cart.GetProperty("items")[0].GetString());

            var health = await http.GetAsync("/health");
            var healthText = await health.Content.ReadAsStringAsync();
            Assert.True(health.StatusCode == HttpStatusCode.OK, $"/health answered {(int)health.StatusCode}: {healthText}");
            Assert.Equal("Healthy", healthText);

            // SIGTERM right after the last writes: the host stops, the tiered store flushes what is still pending.
            Assert.Equal(0, NativeMethods.kill(process.Id, NativeMethods.SIGTERM));
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
            Assert.True(process.ExitCode == 0, $"{run}: exit code {process.ExitCode}\n{Log()}");

            await using var connection = new MySqlConnection(new MySqlConnectionStringBuilder
            {
                Server = "127.0.0.1",
                Port = (uint)int.Parse(mariaDb.Host.Split(':')[1], CultureInfo.InvariantCulture),
                UserID = MariaDbServer.AppUser,
                Password = mariaDb.AppPassword,
                Database = database,
            }.ConnectionString);
            await connection.OpenAsync();
            await using var count = connection.CreateCommand();
            count.CommandText = "SELECT COUNT(*) FROM backends_kv WHERE k LIKE 'cart:%'";
            Assert.Equal(Carts, Convert.ToInt32(await count.ExecuteScalarAsync(), CultureInfo.InvariantCulture));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            output.WriteLine($"--- {run} log ---");
            output.WriteLine(Log());
        }

        void Line(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (log)
            {
                log.AppendLine(line);
            }

            if (line.Contains("backends Ready", StringComparison.Ordinal))
            {
                ready.TrySetResult(line);
            }
        }

        string Log()
        {
            lock (log)
            {
                return log.ToString();
            }
        }
    }

    [GeneratedRegex(@"[^\r\n]*warning (IL[23]\d{3})[^\r\n]*")]
    private static partial Regex AotWarning();

    private static class NativeMethods
    {
        public const int SIGTERM = 15;

        [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
        public static extern int kill(int pid, int sig);
    }
}
