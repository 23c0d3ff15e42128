using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Backends.MySql;
using Dapper;
using MongoDB.Bson;
using MongoDB.Driver;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using OrdersService;

[module: DapperAot] // Dapper.AOT writes the data access at build time: no reflection, native AOT safe.

var builder = WebApplication.CreateSlimBuilder(args);

// Every backend of backends.json: typed handles, hosted start-up (all in parallel; exit code 70 if one cannot come up),
// a health check per connection, graceful close (pending tiered writes flushed) on SIGTERM.
builder.Services.AddBackends(builder.Configuration);
builder.Services.AddHostedService<SchemaSetup>(); // registered after AddBackends, so it starts once every backend is Ready
builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, AppJson.Default));

// Traces and metrics of BackendGen and of the drivers in use, named by the generated code.
var telemetry = builder.Services.AddOpenTelemetry()
    .WithTracing(tracing => tracing.AddSource(Db.ActivitySourceNames))
    .WithMetrics(metrics => metrics.AddMeter(Db.MeterNames));
if (!string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
{
    telemetry.UseOtlpExporter();
}

var app = builder.Build();
app.MapHealthChecks("/health");

app.MapPost("/orders", async (NewOrder order, CancellationToken ct) =>
{
    if (string.IsNullOrWhiteSpace(order.Customer) || order.Quantity <= 0)
    {
        return Results.BadRequest("customer and a positive quantity are required");
    }

    var id = await Orders.InsertAsync(Db.MySql.Orders, order, ct);
    await Db.MongoDb.Audit.Events.InsertOneAsync(new AuditEvent { OrderId = id, Action = "created", At = DateTime.UtcNow }, cancellationToken: ct);
    return Results.Created($"/orders/{id}", new OrderCreated(id));
});

app.MapGet("/orders/{id:long}", async (long id, CancellationToken ct) =>
    await Orders.FindAsync(Db.MySql.Orders, id, ct) is { } order ? Results.Ok(order) : Results.NotFound());

app.MapGet("/orders/{id:long}/audit", async (long id, CancellationToken ct) =>
{
    var events = await Db.MongoDb.Audit.Events
        .Find(Builders<AuditEvent>.Filter.Eq(e => e.OrderId, id))
        .SortBy(e => e.At)
        .ToListAsync(ct);
    return Results.Ok(events.Select(e => new AuditEntry(e.Action, e.At)).ToArray());
});

// Shipments: a declared DynamoDB table, typed keys (orderId is a long, so a number key), a generated item mapper.
app.MapPost("/orders/{id:long}/shipments", async (long id, NewShipment shipment, CancellationToken ct) =>
{
    if (string.IsNullOrWhiteSpace(shipment.Carrier))
    {
        return Results.BadRequest("carrier is required");
    }

    var stored = new Shipment { OrderId = id, ShipmentId = Guid.NewGuid().ToString("N"), Carrier = shipment.Carrier, ShippedAt = DateTimeOffset.UtcNow };
    await Db.DynamoDb.Shipping.Shipments.PutAsync(stored, ct);
    return Results.Created($"/orders/{id}/shipments", new ShipmentEntry(stored.ShipmentId, stored.Carrier, stored.ShippedAt));
});
app.MapGet("/orders/{id:long}/shipments", async (long id, CancellationToken ct) =>
{
    var shipments = new List<ShipmentEntry>();
    await foreach (var shipment in Db.DynamoDb.Shipping.Shipments.QueryAsync(id, cancellationToken: ct))
    {
        shipments.Add(new ShipmentEntry(shipment.ShipmentId, shipment.Carrier, shipment.ShippedAt));
    }

    return Results.Ok(shipments.ToArray());
});

// Sessions: memcached through the key/value contract, serialized by System.Text.Json source generation.
app.MapPut("/sessions/{id}", async (string id, Session session, CancellationToken ct) =>
{
    await Db.Memcached.Sessions.SetAsync("session:" + id, session, AppJson.Default.Session, TimeSpan.FromMinutes(20), ct);
    return Results.NoContent();
});
app.MapGet("/sessions/{id}", async (string id, CancellationToken ct) =>
    await Db.Memcached.Sessions.GetAsync("session:" + id, AppJson.Default.Session, ct) is { } session ? Results.Ok(session) : Results.NotFound());

// Carts: the tiered store answers from memcached and writes through to MySQL behind the request.
app.MapPut("/carts/{id}", async (string id, Cart cart, CancellationToken ct) =>
{
    await Db.Stores.Carts.SetAsync("cart:" + id, cart, AppJson.Default.Cart, cancellationToken: ct);
    return Results.NoContent();
});
app.MapGet("/carts/{id}", async (string id, CancellationToken ct) =>
    await Db.Stores.Carts.GetAsync("cart:" + id, AppJson.Default.Cart, ct) is { } cart ? Results.Ok(cart) : Results.NotFound());

// Hosted start-up has brought every backend up by now (or stopped the application with exit code 70).
app.Lifetime.ApplicationStarted.Register(() =>
{
    if (Db.All.All(connection => connection.IsReady))
    {
        Console.WriteLine(StartupReport.Describe());
    }
});
await app.RunAsync();

namespace OrdersService
{
    /// <summary>An order as the API takes it.</summary>
    public sealed record NewOrder(string Customer, string Item, int Quantity);

    /// <summary>An order as stored in MySQL.</summary>
    public sealed class Order
    {
        public long Id { get; set; }

        public string Customer { get; set; } = "";

        public string Item { get; set; } = "";

        public int Quantity { get; set; }
    }

    /// <summary>The answer to a created order.</summary>
    public sealed record OrderCreated(long Id);

    /// <summary>One audit entry as the API returns it.</summary>
    public sealed record AuditEntry(string Action, DateTime At);

    /// <summary>A shipment as the API takes it.</summary>
    public sealed record NewShipment(string Carrier);

    /// <summary>A shipment as the API returns it.</summary>
    public sealed record ShipmentEntry(string Id, string Carrier, DateTimeOffset ShippedAt);

    /// <summary>An item of the declared DynamoDB table <c>shipments</c>: its item mapper is generated.</summary>
    public sealed class Shipment
    {
        public long OrderId { get; set; }

        public string ShipmentId { get; set; } = "";

        public string Carrier { get; set; } = "";

        public DateTimeOffset ShippedAt { get; set; }
    }

    /// <summary>A user's session (memcached).</summary>
    public sealed record Session(string User, string[] Roles);

    /// <summary>A shopping cart (tiered store).</summary>
    public sealed record Cart(string[] Items);

    /// <summary>A document of the declared <c>events</c> collection: its BSON serializer is generated.</summary>
    public sealed class AuditEvent
    {
        public ObjectId Id { get; set; }

        public long OrderId { get; set; }

        public string Action { get; set; } = "";

        public DateTime At { get; set; }
    }

    /// <summary>System.Text.Json source generation for every type the API and the key/value stores serialize.</summary>
    [JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
    [JsonSerializable(typeof(NewOrder))]
    [JsonSerializable(typeof(Order))]
    [JsonSerializable(typeof(OrderCreated))]
    [JsonSerializable(typeof(AuditEntry[]))]
    [JsonSerializable(typeof(NewShipment))]
    [JsonSerializable(typeof(ShipmentEntry))]
    [JsonSerializable(typeof(ShipmentEntry[]))]
    [JsonSerializable(typeof(Session))]
    [JsonSerializable(typeof(Cart))]
    internal sealed partial class AppJson : JsonSerializerContext;

    /// <summary>
    /// The MySQL queries. The handle is a parameter, so Dapper.AOT sees the connection's type and intercepts each call
    /// (a <c>Db.…</c> expression used directly as the receiver would not be intercepted: BG0022 says so at build time).
    /// </summary>
    internal static class Orders
    {
        public static async Task<long> InsertAsync(MySqlBackend mysql, NewOrder order, CancellationToken ct)
        {
            await using var connection = await mysql.OpenConnectionAsync(ct);
            return await connection.ExecuteScalarAsync<long>(
                "INSERT INTO orders (customer, item, quantity) VALUES (@Customer, @Item, @Quantity); SELECT LAST_INSERT_ID();",
                order);
        }

        public static async Task<Order?> FindAsync(MySqlBackend mysql, long id, CancellationToken ct)
        {
            await using var connection = await mysql.OpenConnectionAsync(ct);
            return await connection.QueryFirstOrDefaultAsync<Order>(
                "SELECT id AS Id, customer AS Customer, item AS Item, quantity AS Quantity FROM orders WHERE id = @id",
                new { id });
        }

        public static async Task CreateSchemaAsync(MySqlBackend mysql, CancellationToken ct)
        {
            await using var connection = await mysql.OpenConnectionAsync(ct);
            await connection.ExecuteAsync(
                "CREATE TABLE IF NOT EXISTS orders (id BIGINT AUTO_INCREMENT PRIMARY KEY, customer VARCHAR(200) NOT NULL, " +
                "item VARCHAR(200) NOT NULL, quantity INT NOT NULL)");
        }
    }

    /// <summary>Creates the orders table once the backends are up (hosted services start in registration order).</summary>
    internal sealed class SchemaSetup : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Orders.CreateSchemaAsync(Db.MySql.Orders, cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>The time from process start to every backend Ready, and the peak resident memory, for the README's table.</summary>
    internal static class StartupReport
    {
        public static string Describe()
        {
            using var process = Process.GetCurrentProcess();
            var sinceStart = DateTime.Now - process.StartTime;
            return string.Create(CultureInfo.InvariantCulture,
                $"OrdersService: all {Db.All.Count} backends Ready {sinceStart.TotalMilliseconds:0} ms after process start; peak RSS {PeakRssMegabytes():0.0} MB; {(System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported ? "JIT" : "native AOT")}");
        }

        private static double PeakRssMegabytes()
        {
            foreach (var line in File.Exists("/proc/self/status") ? File.ReadLines("/proc/self/status") : [])
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
                }
            }

            return double.NaN;
        }
    }
}
