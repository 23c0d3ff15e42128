using System.Globalization;
using MongoTestServer;

// Runs the test server on its own, for samples and for poking at it with a driver:
//   dotnet run --project tests/MongoTestServer -- --port 27017
var port = 27017;
for (var i = 0; i < args.Length - 1; i++)
{
    if (args[i] == "--port")
    {
        port = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
    }
}

await using var server = MongoWireServer.Start(port);
Console.WriteLine($"MongoTestServer listening on {server.ConnectionString} (in memory; Ctrl+C stops it)");
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
    // stopping
}
