using System.Globalization;
using System.Text;
using Backends.Memcached;
using Backends.Testing;

namespace IntegrationTests.Memcached;

/// <summary>
/// A pool of three real servers: keys spread over all three; killing one loses only its keys (reads miss, writes
/// fail clearly until it is marked dead, then go to the others); restarting it on the same port brings it back.
/// </summary>
public sealed class MemcachedFailoverTests
{
    private const int KeyCount = 600;

    [Fact]
    public async Task Killing_one_server_loses_only_its_keys_and_it_comes_back_after_a_restart()
    {
        var servers = await Task.WhenAll(MemcachedProcess.StartAsync(), MemcachedProcess.StartAsync(), MemcachedProcess.StartAsync());
        try
        {
            var options = TestOptions.For([.. servers.Select(s => s.Address)]);
            options.DeadServerRetryInterval = TimeSpan.FromSeconds(1);

            await using var client = new MemcachedClient(options);
            var errors = new List<MemcachedServerErrorEventArgs>();
            client.ServerError += (_, e) => { lock (errors) { errors.Add(e); } };

            // Keys spread across all three servers, and each really lives on the server the ring names.
            var keys = Enumerable.Range(0, KeyCount).Select(i => "fo:" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
            var owner = keys.ToDictionary(k => k, k => client.GetServer(k)!);
            await Task.WhenAll(keys.Select(k => client.SetAsync(k, Encoding.UTF8.GetBytes(k)).AsTask()));
            foreach (var server in servers)
            {
                var mine = keys.Where(k => owner[k] == server.Address).ToArray();
                Assert.True(mine.Length > KeyCount / 6, $"{server.Host} holds only {mine.Length} of {KeyCount} keys.");
                await using var direct = Direct(server);
                foreach (var key in mine.Take(20))
                {
                    Assert.Equal(Encoding.UTF8.GetBytes(key), await direct.GetAsync(key));
                }
            }

            // Kill the second server mid-run.
            var victim = servers[1];
            var lost = keys.Where(k => owner[k] == victim.Address).ToHashSet();
            victim.Kill();

            // Writes to its keys fail with a clear error until it is marked dead; then they go to the others.
            var probes = Enumerable.Range(0, 10_000).Select(i => "probe:" + i.ToString(CultureInfo.InvariantCulture))
                .Where(k => client.GetServer(k) == victim.Address).Take(50).ToArray();
            var failures = new List<MemcachedServerUnavailableException>();
            string? movedProbe = null;
            foreach (var probe in probes)
            {
                try
                {
                    await client.SetAsync(probe, "after"u8.ToArray());
                    movedProbe = probe;
                    break;
                }
                catch (MemcachedServerUnavailableException ex)
                {
                    failures.Add(ex);
                }
            }

            Assert.NotEmpty(failures);
            Assert.All(failures, f => Assert.Equal(victim.Address.ToString(), f.Server));
            Assert.All(failures, f => Assert.Contains(victim.Host, f.Message, StringComparison.Ordinal));
            Assert.NotNull(movedProbe);
            Assert.True(client.IsDead(victim.Address));
            Assert.NotEqual(victim.Address, client.GetServer(movedProbe));
            Assert.Equal("after"u8.ToArray(), await client.GetAsync(movedProbe));

            // Reads never throw: the dead server's keys miss, every other key still hits where it was.
            foreach (var key in keys)
            {
                var value = await client.GetAsync(key);
                if (lost.Contains(key))
                {
                    Assert.Null(value);
                }
                else
                {
                    Assert.Equal(Encoding.UTF8.GetBytes(key), value);
                }
            }

            lock (errors)
            {
                Assert.Contains(errors, e => e.MarkedDead && e.Server == victim.Address);
                Assert.DoesNotContain(errors, e => e.Server != victim.Address);
            }

            // Restart it on the same port: after its retry interval it gets its keys back.
            await victim.RestartAsync();
            var comeback = lost.First();
            await Wait.Until(
                async () =>
                {
                    if (client.GetServer(comeback) != victim.Address)
                    {
                        return false; // its retry time has not come yet
                    }

                    try
                    {
                        await client.SetAsync(comeback, "back"u8.ToArray());
                    }
                    catch (MemcachedServerUnavailableException)
                    {
                        return false;
                    }

                    // The write must have reached the restarted server itself, not failed over to another.
                    await using var direct = Direct(victim);
                    return await direct.GetAsync(comeback) is { } value && value.SequenceEqual("back"u8.ToArray());
                },
                "the restarted server to take its keys back");
            Assert.False(client.IsDead(victim.Address));

            foreach (var key in keys.Where(k => !lost.Contains(k)))
            {
                Assert.Equal(Encoding.UTF8.GetBytes(key), await client.GetAsync(key));
            }

            Assert.All(keys, k => Assert.Equal(owner[k], client.GetServer(k)));
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
        }
    }

    private static MemcachedClient Direct(MemcachedProcess server)
    {
        return new MemcachedClient(TestOptions.For(server.Address));
    }
}
