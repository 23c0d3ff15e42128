using System.Globalization;
using System.Text;

namespace GeneratorTests.Infrastructure;

/// <summary>One input for the robustness test: a backends file (and maybe an overlay) and what must be reported.</summary>
internal sealed record FuzzCase(string Name, string Text, string? ExpectedId = null, string? Overlay = null);

/// <summary>
/// A deterministic corpus of broken and strange backends files: truncations, character flips, inserted tokens,
/// deleted ranges, binary garbage, random but well-formed configs with random names and values, deep nesting, huge
/// strings and files. The same seed always yields the same cases.
/// </summary>
internal static class FuzzCorpus
{
    public const string MalformedJson = "BG0001";
    public const string TooDeep = "BG0014";
    public const string TooLarge = "BG0015";

    private static readonly string[] s_seeds =
    [
        """
        {
          // one embedded database
          "sqlite": { "local": { "path": "app.db", "writeAheadLog": false, "busyTimeout": "2s" } },
        }
        """,
        """
        {
          "mysql": {
            "demo": {
              "hosts": ["127.0.0.1:3306", "127.0.0.2:3306"],
              "database": "demo_development",
              "username": "app",
              "password": "${env:DEMO_MYSQL_PASSWORD}",
              "pool": { "min": 0, "max": 50 },
              "sslMode": "Required",
              "options": { "AllowUserVariables": true, "DefaultCommandTimeout": 60 }
            },
            "order-archive": { "host": "db", "port": 3307, "database": "archive" }
          },
          "sqlite": { "cache": { "path": ":memory:" } }
        }
        """,
        """
        {
          "custom": {
            "edge": {
              "endpoints": ["a:1", "b:2"], "zones": "eu-west", "max-items": 100, "ratio": 0.25, "level": "high",
              "idle": 90, "tags": { "team": "core" }, "limits": { "maxBytes": 1e6, "retry": { "attempts": 3 } },
              /* a reference, not a secret */ "token": "${file:/run/secrets/edge-token}"
            }
          }
        }
        """,
        """{"sqlite":{"a":{"path":"a.db"},"b":{"path":"b.db","mode":"ReadOnly"}},"mysql":{"c":{"host":"h","database":"d","startupTimeout":"infinite"}}}""",
        "{\r\n  \"sqlite\": {\r\n    \"crlf\": { \"path\": \"crlf.db\" }\r\n  }\r\n}",
        "{\u2028\"sqlite\": { \"sep\": { \"path\": \"line\u2028separator.db\" } }\u2029}",
    ];

    private const string Significant = "{}[]:,\"'\\/*\n\r\t\0 x1-.eE+";

    private static readonly string[] s_tokens =
    [
        "{", "}", "[", "]", ",", ":", "\"", "\"x\"", "//", "/*", "*/", "null", "true", "1e999", "-", "\\u12", "\\", "\u2028", "\r", "\n",
        "'", "NaN", "\"${env:\"", "0x10", "{\"mysql\":{}}", "\0", "\uD800", "\uFEFF", "01", "1.", ".5", "tru", "\"a\":1", ",,",
    ];

    private static readonly string[] s_kinds = ["mysql", "sqlite", "custom", "mongodb", "memcached", "mysqll", "MySQL", "", "x y", "\"quoted\""];

    private static readonly Dictionary<string, string[]> s_keys = new()
    {
        ["mysql"] = ["hosts", "host", "port", "database", "username", "password", "pool", "connectTimeout", "commandTimeout", "sslMode", "loadBalance", "options", "startupTimeout", "retryDelay", "maxRetryDelay"],
        ["sqlite"] = ["path", "mode", "cache", "writeAheadLog", "busyTimeout", "password", "options", "startupTimeout"],
        ["custom"] = ["endpoint", "endpoints", "zones", "max-items", "ratio", "level", "idle", "tags", "headers", "limits", "token", "address", "computed"],
    };

    private static readonly string[] s_names =
    [
        "main", "order-archive", "order_archive", "Order.Archive", "2fa", "a b", "caf\u00e9", "x.y", "_", "--", "Equals", "toString", "sqlite",
        "\u0394elta", "with\"quote", "back\\slash", "tab\tname", "zero\u200bwidth", "\U0001F600", "a", "A", "very-long-" + new string('n', 200),
    ];

    public static IEnumerable<FuzzCase> Create(int seed)
    {
        var random = new Random(seed);
        foreach (var special in Specials())
        {
            yield return special;
        }

        for (var s = 0; s < s_seeds.Length; s++)
        {
            var text = s_seeds[s];
            var lastBrace = text.LastIndexOf('}');
            for (var i = 0; i < 40; i++)
            {
                // Any prefix that stops before the closing brace leaves the top-level object open.
                var cut = (int)((long)lastBrace * i / 40);
                yield return new FuzzCase($"seed{s}-truncated-at-{cut}", text[..cut], MalformedJson);
            }

            for (var i = 0; i < 40; i++)
            {
                var chars = text.ToCharArray();
                for (var n = random.Next(1, 4); n > 0; n--)
                {
                    chars[random.Next(chars.Length)] = RandomChar(random);
                }

                yield return new FuzzCase($"seed{s}-flipped-{i}", new string(chars));
            }

            for (var i = 0; i < 40; i++)
            {
                var at = random.Next(text.Length + 1);
                yield return new FuzzCase($"seed{s}-inserted-{i}", text.Insert(at, s_tokens[random.Next(s_tokens.Length)]));
            }

            for (var i = 0; i < 20; i++)
            {
                var start = random.Next(text.Length);
                var length = random.Next(1, Math.Min(20, text.Length - start) + 1);
                yield return new FuzzCase($"seed{s}-deleted-{i}", text.Remove(start, length));
            }

            for (var i = 0; i < 10; i++)
            {
                yield return new FuzzCase($"seed{s}-as-overlay-{i}", s_seeds[random.Next(s_seeds.Length)], Overlay: Mutate(random, text));
            }
        }

        for (var i = 0; i < 60; i++)
        {
            var garbage = new StringBuilder();
            var length = random.Next(1, 4096);
            for (var n = 0; n < length; n++)
            {
                garbage.Append((char)random.Next(0, 0x10000));
            }

            // Start with a character no JSON document starts with, so the garbage is malformed for certain.
            yield return new FuzzCase($"binary-garbage-{i}", "\u0001" + garbage, MalformedJson);
        }

        for (var i = 0; i < 200; i++)
        {
            yield return new FuzzCase($"random-config-{i}", RandomConfig(random), Overlay: random.Next(3) == 0 ? RandomConfig(random) : null);
        }
    }

    private static IEnumerable<FuzzCase> Specials()
    {
        yield return new FuzzCase("empty", "", MalformedJson);
        yield return new FuzzCase("whitespace", " \t\r\n  ", MalformedJson);
        yield return new FuzzCase("bom-only", "\uFEFF", MalformedJson);
        yield return new FuzzCase("comment-only", "// nothing here\n", MalformedJson);
        yield return new FuzzCase("unterminated-comment", "{ /* never closed", MalformedJson);
        yield return new FuzzCase("unterminated-string", "{ \"sqlite", MalformedJson);
        yield return new FuzzCase("string-across-lines", "{ \"sqlite\n\": {} }", MalformedJson);
        yield return new FuzzCase("open-brace", "{", MalformedJson);
        yield return new FuzzCase("close-brace", "}", MalformedJson);
        yield return new FuzzCase("array-top-level", "[]");
        yield return new FuzzCase("null-top-level", "null");
        yield return new FuzzCase("number-top-level", "0");
        yield return new FuzzCase("dangling-key", "{\"a\":", MalformedJson);
        yield return new FuzzCase("deep-arrays", new string('[', 100_000), TooDeep);
        yield return new FuzzCase("deep-objects", string.Concat(Enumerable.Repeat("{\"a\":", 100_000)), TooDeep);
        yield return new FuzzCase("deep-balanced", new string('[', 50_000) + new string(']', 50_000), TooDeep);
        yield return new FuzzCase("deep-in-a-setting", "{\"mysql\":{\"demo\":{\"options\":" + new string('[', 70) + new string(']', 70) + "}}}", TooDeep);
        yield return new FuzzCase("just-under-the-depth-limit", "{\"mysql\":{\"demo\":{\"host\":\"h\",\"database\":\"d\",\"options\":{\"a\":" + new string('[', 60) + new string(']', 60) + "}}}}");
        yield return new FuzzCase("huge-string", "{\"sqlite\":{\"big\":{\"path\":\"" + new string('p', 1_000_000) + "\"}}}");
        yield return new FuzzCase("huge-escaped-string", "{\"sqlite\":{\"big\":{\"path\":\"" + string.Concat(Enumerable.Repeat("\\u00e9\\n\\\"", 50_000)) + "\"}}}");
        yield return new FuzzCase("ten-megabytes", "{\"sqlite\":{\"big\":{\"path\":\"" + new string('x', 10 * 1024 * 1024) + "\"}}}", TooLarge);
        yield return new FuzzCase("ten-megabytes-of-garbage", new string('\u0007', 10 * 1024 * 1024), TooLarge);
        yield return new FuzzCase("huge-numbers", "{\"mysql\":{\"demo\":{\"host\":\"h\",\"database\":\"d\",\"port\":123456789012345678901234567890,\"pool\":{\"max\":1e400,\"min\":-0},\"connectTimeout\":1e30,\"commandTimeout\":\"1e30d\"}}}");
        yield return new FuzzCase("lone-surrogates", "{\"sqlite\":{\"s\":{\"path\":\"\\uD800\\uDFFF\\uDC00\",\"options\":{\"\\uD800\":\"\\uDC00\"}}}}");
        yield return new FuzzCase("control-characters-escaped", "{\"sqlite\":{\"c\":{\"path\":\"\\u0000\\u0001\\b\\f\\n\\r\\t\\u001f\\u007f\\u0085\\u2028\\u2029\"}}}");
        yield return new FuzzCase("raw-control-character", "{\"sqlite\":{\"c\":{\"path\":\"a\u0001b\"}}}", MalformedJson);
        yield return new FuzzCase("many-duplicates", "{\"sqlite\":{\"a\":{" + string.Join(",", Enumerable.Repeat("\"path\":\"x\"", 2_000)) + "}}}");
        yield return new FuzzCase("many-connections", "{\"sqlite\":{" + string.Join(",", Enumerable.Range(0, 300).Select(i => $"\"c{i}\":{{\"path\":\"{i}.db\"}}")) + "}}");
        yield return new FuzzCase("trailing-garbage", "{} {}", MalformedJson);
        yield return new FuzzCase("only-separators", "\u2028\u2029\u0085", MalformedJson);
    }

    private static string Mutate(Random random, string text)
    {
        var chars = text.ToCharArray();
        chars[random.Next(chars.Length)] = RandomChar(random);
        return new string(chars);
    }

    private static char RandomChar(Random random) => random.Next(4) switch
    {
        0 => Significant[random.Next(Significant.Length)],
        1 => (char)random.Next(0xD800, 0xE000),
        2 => (char)random.Next(0x80, 0x3000),
        _ => (char)random.Next(0x20, 0x7F),
    };

    private static string RandomConfig(Random random)
    {
        var json = new StringBuilder("{");
        for (var k = random.Next(0, 4); k > 0; k--)
        {
            var kind = s_kinds[random.Next(s_kinds.Length)];
            json.Append(Quote(kind)).Append(":{");
            for (var c = random.Next(0, 5); c > 0; c--)
            {
                json.Append(Quote(s_names[random.Next(s_names.Length)])).Append(":{");
                var keys = s_keys.TryGetValue(kind, out var known) ? known : s_keys["mysql"];
                for (var s = random.Next(0, 9); s > 0; s--)
                {
                    var key = random.Next(6) == 0 ? RandomString(random) : keys[random.Next(keys.Length)];
                    json.Append(Quote(key)).Append(':').Append(RandomValue(random, 0)).Append(',');
                }

                json.Append("},");
            }

            json.Append("},");
        }

        return json.Append('}').ToString();
    }

    private static string RandomValue(Random random, int depth) => random.Next(depth > 2 ? 6 : 9) switch
    {
        0 => Quote(RandomString(random)),
        1 => Quote(random.Next(3) switch { 0 => "${env:X_" + random.Next(100) + "}", 1 => random.Next(1000) + "ms", _ => "Preferred" }),
        2 => random.Next(-100, 100_000).ToString(CultureInfo.InvariantCulture),
        3 => (random.NextDouble() * Math.Pow(10, random.Next(-5, 30))).ToString("R", CultureInfo.InvariantCulture),
        4 => random.Next(2) == 0 ? "true" : "false",
        5 => "null",
        6 => "[" + string.Join(",", Enumerable.Range(0, random.Next(4)).Select(_ => RandomValue(random, depth + 1))) + "]",
        7 => "{" + string.Join(",", Enumerable.Range(0, random.Next(4)).Select(_ => Quote(random.Next(2) == 0 ? "max" : RandomString(random)) + ":" + RandomValue(random, depth + 1))) + "}",
        _ => "[" + string.Join(",", Enumerable.Range(0, random.Next(4)).Select(_ => Quote(RandomString(random)))) + "]",
    };

    private static string RandomString(Random random)
    {
        var builder = new StringBuilder();
        for (var n = random.Next(0, 12); n > 0; n--)
        {
            builder.Append(random.Next(5) == 0 ? (char)random.Next(0, 0x10000) : (char)random.Next(0x20, 0x7F));
        }

        return builder.ToString();
    }

    /// <summary>A JSON string literal for any text: quotes, backslashes and every non-printable character escaped.</summary>
    private static string Quote(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in text)
        {
            if (c is '"' or '\\')
            {
                builder.Append('\\').Append(c);
            }
            else if (c is < ' ' or > '~')
            {
                builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.Append('"').ToString();
    }
}
