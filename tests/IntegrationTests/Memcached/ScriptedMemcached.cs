using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using IntegrationTests.Infrastructure;

namespace IntegrationTests.Memcached;

/// <summary>
/// A tiny loopback server for the two answers a real memcached cannot be made to give on demand: <c>ERROR</c> to every
/// command (what memcached older than 1.6 answers to the meta protocol), or <c>SERVER_ERROR</c> for chosen keys of
/// an <c>mg</c> (and for a classic <c>get</c> naming them). Otherwise it answers <c>mg</c> and <c>get</c> from a fixed table
/// and <c>mn</c> with <c>MN</c>, as memcached does.
/// It stands in for a faulty server next to real ones, never for memcached itself.
/// </summary>
public sealed class ScriptedMemcached : LoopbackServer
{
    /// <summary>Starts listening on a free loopback port.</summary>
    /// <param name="answerErrorToEverything">Answer <c>ERROR</c> to every line, as memcached 1.5 does to <c>mn</c>.</param>
    public ScriptedMemcached(bool answerErrorToEverything = false)
    {
        AnswerError = answerErrorToEverything;
        StartAccepting();
    }

    /// <summary>Values served to <c>mg</c> (by key as sent).</summary>
    public ConcurrentDictionary<string, string> Values { get; } = new(StringComparer.Ordinal);

    /// <summary>Keys whose <c>mg</c> is answered <c>SERVER_ERROR out of memory</c>.</summary>
    public ConcurrentDictionary<string, byte> FailingKeys { get; } = new(StringComparer.Ordinal);

    private bool AnswerError { get; }

    /// <inheritdoc />
    protected override async Task ServeAsync(Socket client)
    {
        var buffer = new byte[64 * 1024];
        var pending = new StringBuilder();
        while (true)
        {
            var read = await client.ReceiveAsync(buffer, SocketFlags.None, Stopping);
            if (read == 0)
            {
                return;
            }

            pending.Append(Encoding.ASCII.GetString(buffer, 0, read));
            var text = pending.ToString();
            var last = text.LastIndexOf("\r\n", StringComparison.Ordinal);
            if (last < 0)
            {
                continue;
            }

            pending.Clear().Append(text[(last + 2)..]);
            var answer = new StringBuilder();
            foreach (var line in text[..last].Split("\r\n"))
            {
                answer.Append(Answer(line));
            }

            await client.SendAsync(Encoding.ASCII.GetBytes(answer.ToString()), SocketFlags.None, Stopping);
        }
    }

    private string Answer(string line)
    {
        var parts = line.Split(' ');
        if (AnswerError)
        {
            return "ERROR\r\n";
        }

        switch (parts[0])
        {
            case "mn":
                return "MN\r\n";
            case "get":
                // As memcached: the hits in order and END; when a key fails, the error alone replaces the whole answer.
                if (parts.Skip(1).Any(FailingKeys.ContainsKey))
                {
                    return "SERVER_ERROR out of memory writing get response\r\n";
                }

                return string.Concat(parts.Skip(1).Where(Values.ContainsKey).Select(k => string.Create(CultureInfo.InvariantCulture, $"VALUE {k} 0 {Values[k].Length}\r\n{Values[k]}\r\n"))) + "END\r\n";
            case "mg":
                var key = parts[1];
                var flags = parts.Skip(2).ToArray();
                if (FailingKeys.ContainsKey(key))
                {
                    return "SERVER_ERROR out of memory\r\n";
                }

                var echo = string.Join(' ', flags.Where(f => f[0] is 'O'));
                if (flags.Contains("k"))
                {
                    echo = ("k" + key + " " + echo).TrimEnd();
                }

                if (!Values.TryGetValue(key, out var value))
                {
                    return flags.Contains("q") ? "" : ("EN " + echo).TrimEnd() + "\r\n";
                }

                return string.Create(CultureInfo.InvariantCulture, $"VA {value.Length} {echo}").TrimEnd() + "\r\n" + value + "\r\n";
            default:
                return "ERROR\r\n";
        }
    }
}
