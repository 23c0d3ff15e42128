using HostProbe;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

// The two standard templates, unchanged but for AddBackends: no try/catch, no exit code of our own.
if (args is ["web", ..])
{
    var builder = WebApplication.CreateSlimBuilder(args);
    builder.Services.AddBackends(builder.Configuration);
    var app = builder.Build();
    app.MapGet("/", () => "ok");
    await app.RunAsync();
}
else
{
    var builder = Host.CreateApplicationBuilder(args);
    builder.Services.AddBackends(builder.Configuration);
    using var host = builder.Build();
    await host.RunAsync();
}
