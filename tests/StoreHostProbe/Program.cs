using System.Globalization;
using System.Text;
using Backends.Hosting;
using Backends.Memcached;
using Backends.MySql;
using Backends.Runtime;
using Microsoft.Extensions.Hosting;

// Everything comes from the environment the test sets; the password never appears in output.
static string Setting(string name) => Environment.GetEnvironmentVariable(name) ?? throw new InvalidOperationException(name + " is not set.");

var cache = new MemcachedBackend("cache", new MemcachedSettings { Hosts = [Setting("PROBE_MEMCACHED")] });
var storage = new MySqlBackend("main", new MySqlSettings
{
    Hosts = [Setting("PROBE_MYSQL")],
    Database = "demo",
    Username = "app",
    Password = Setting("PROBE_MYSQL_PASSWORD"),
    KeyValueTable = Setting("PROBE_TABLE"),
});
var store = new TieredStore("sessions", cache, storage, new TieredStoreSettings { FlushTimeout = TimeSpan.FromSeconds(90) });
var registry = new BackendRegistry([cache, storage, store]);

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddBackendRegistry(registry, null);
using var host = builder.Build();
await host.StartAsync();
Console.WriteLine("READY");

// Write once the test says so (it freezes storage first, so that the writes are still pending at SIGTERM).
if (await Console.In.ReadLineAsync() == "WRITE")
{
    var keys = int.Parse(Setting("PROBE_KEYS"), CultureInfo.InvariantCulture);
    for (var i = 0; i < keys; i++)
    {
        await store.SetBytesAsync("k" + i.ToString(CultureInfo.InvariantCulture), Encoding.UTF8.GetBytes("v" + i.ToString(CultureInfo.InvariantCulture)));
    }

    Console.WriteLine("PENDING " + store.PendingWrites.ToString(CultureInfo.InvariantCulture));
}

await host.WaitForShutdownAsync();
Console.WriteLine("EXIT pending=" + store.PendingWrites.ToString(CultureInfo.InvariantCulture) + " flushErrors=" + store.Errors.Count(e => e.Phase == "flush").ToString(CultureInfo.InvariantCulture));
