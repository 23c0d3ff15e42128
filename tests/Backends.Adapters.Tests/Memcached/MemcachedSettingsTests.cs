using Backends.Memcached;
using Backends.Runtime;
using Backends.Testing;

namespace Backends.Adapters.Tests.Memcached;

/// <summary>The memcached settings on their own: hosts, description and the rejection of bad hosts, with no server.</summary>
public sealed class MemcachedSettingsTests
{
    [Fact]
    public async Task Settings_describe_themselves_and_reject_bad_hosts()
    {
        var settings = new MemcachedSettings { Host = "127.0.0.1", Port = 11311, KeyPrefix = "app:", DefaultTtl = TimeSpan.FromMinutes(5) };
        Assert.Equal([new MemcachedServerAddress("127.0.0.1", 11311)], settings.GetServers());
        // Described from the [Setting] schema: every setting under its JSON key.
        Assert.Contains("host = 127.0.0.1, port = 11311", settings.ToString(), StringComparison.Ordinal);
        Assert.Throws<BackendConfigurationException>(() => new MemcachedSettings().GetServers());
        Assert.Throws<BackendConfigurationException>(() => new MemcachedSettings { Hosts = ["host:notaport"] }.GetServers());

        await using var backend = new MemcachedBackend("bad", new MemcachedSettings { Hosts = ["host:0"], StartupTimeout = TimeSpan.FromSeconds(5) });
        Assert.IsType<BackendStartupException>(await Wait.ForFailure(backend.ConfigureAsync()));
        Assert.Equal(ConnectionState.Faulted, backend.State);
    }

    [Fact]
    public async Task Client_options_reject_a_negative_spin_and_take_any_spin_with_the_inline_wait_off()
    {
        var options = new MemcachedClientOptions { SpinWait = TimeSpan.FromMicroseconds(-1) };
        options.Servers.Add(new MemcachedServerAddress("127.0.0.1", 11311));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new MemcachedClient(options));
        Assert.Equal(nameof(MemcachedClientOptions.SpinWait), error.ParamName);

        // Turning the inline wait off must not make the default spin (or any) invalid: a spin is cut to the inline wait.
        options.SpinWait = TimeSpan.FromMilliseconds(5);
        options.InlineWait = TimeSpan.Zero;
        await using var client = new MemcachedClient(options);
    }
}
