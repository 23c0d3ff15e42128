using System.Globalization;
using System.Text;
using Backends.Runtime;
using Backends.Hosting;
using Backends.Testing;
using IntegrationTests.Memcached;
using IntegrationTests.MySql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MongoTestServer;
using MySqlConnector;
using AppDb = SecretsApp.Db;

namespace IntegrationTests.SecretLeaks;

/// <summary>
/// The proof of "no secret in a binary, a log, a message or a ToString()": tests/SecretsApp's backends.json writes
/// secrets in every form (references to the environment and to files, an environment override with "${" in it,
/// IConfiguration, secret options by reference and as literals, partial references), this test plants distinctive
/// values behind them, drives every path that produces text against real servers (MariaDB, the MongoDB test server,
/// SQLite, memcached), start-up failures included, and searches all of that text, and the app's assembly, for them.
/// </summary>
[Collection(SharedMariaDb.Name)]
public sealed class PlantedSecretsTests(MariaDbFixture fixture)
{
    // Literals written in tests/SecretsApp/backends.json: the generator must leave every one of them out.
    private static readonly string[] s_literals =
    [
        "PlantLiteralSslKey-9Wm4", "PlantLiteralPw-7Q2x", "PlantPartialOpt-", "PlantLiteralMongoOpt-2Zr8", "PlantLiteralSqliteOpt-3Hv6",
    ];

    [Fact]
    public async Task No_planted_secret_reaches_any_text_or_the_built_assembly()
    {
        var server = fixture.Server;
        var secrets = new PlantedSecrets();
        var envPassword = secrets.Plant("EnvPw");
        var filePassword = secrets.Plant("FilePw");
        var overridePassword = secrets.Plant("Ovr${", "}z"); // contains "${": an override is data, never parsed
        var configuredPassword = secrets.Plant("CfgPw");
        var wrongPassword = secrets.Plant("WrongPw");
        var optionReference = secrets.Plant("OptRef");
        var mongoPassword = secrets.Plant("MongoPw");
        var mongoOption = secrets.Plant("MongoOpt");
        var sqlitePassword = secrets.Plant("SqlitePw");
        var pepper = secrets.Plant("Pepper");
        // A value MySqlConnector's own message would echo. Its key is not a secret, so Config.ToString() may show it
        // (that is where settings are meant to be seen); no error, exception or log line may.
        var badOption = secrets.Plant("BadOpt");

        await server.ExecuteAsRootAsync($"""
            CREATE USER IF NOT EXISTS 'senv'@'%' IDENTIFIED BY '{envPassword}';
            CREATE USER IF NOT EXISTS 'sfile'@'%' IDENTIFIED BY '{filePassword}';
            CREATE USER IF NOT EXISTS 'sovr'@'%' IDENTIFIED BY '{overridePassword}';
            CREATE USER IF NOT EXISTS 'scfg'@'%' IDENTIFIED BY '{configuredPassword}';
            GRANT ALL PRIVILEGES ON {MariaDbServer.DemoDatabase}.* TO 'senv'@'%', 'sfile'@'%', 'sovr'@'%', 'scfg'@'%';
            """);
        await using var mongo = MongoWireServer.Start();
        await using var memcached = await MemcachedProcess.StartAsync();
        var directory = Directory.CreateTempSubdirectory("backendgen-secrets-");
        var secretFile = Path.Combine(Environment.CurrentDirectory, "backendgen-secrets-app.mysql-password");
        await File.WriteAllTextAsync(secretFile, filePassword + "\n");

        string[] variables =
        [
            "BG_SECRETS_MYSQL_ENV_PW", "BG_SECRETS_OPTION_REF", "BG_SECRETS_MYSQL_WRONG_PW", "BG_SECRETS_BAD_OPTION", "BG_SECRETS_PEPPER",
            "BG_SECRETS_MONGO_PW", "BG_SECRETS_MONGO_OPTION", "BG_SECRETS_SQLITE_PW", "BG_SECRETS_MEMCACHED_PREFIX", "Backends__mysql__overridden__password",
        ];
        Environment.SetEnvironmentVariable("BG_SECRETS_MYSQL_ENV_PW", envPassword);
        Environment.SetEnvironmentVariable("BG_SECRETS_OPTION_REF", optionReference);
        Environment.SetEnvironmentVariable("BG_SECRETS_MYSQL_WRONG_PW", wrongPassword);
        Environment.SetEnvironmentVariable("BG_SECRETS_BAD_OPTION", badOption);
        Environment.SetEnvironmentVariable("BG_SECRETS_PEPPER", pepper);
        Environment.SetEnvironmentVariable("BG_SECRETS_MONGO_PW", mongoPassword);
        Environment.SetEnvironmentVariable("BG_SECRETS_MONGO_OPTION", mongoOption);
        Environment.SetEnvironmentVariable("BG_SECRETS_SQLITE_PW", sqlitePassword);
        Environment.SetEnvironmentVariable("BG_SECRETS_MEMCACHED_PREFIX", "secrets-app:");
        Environment.SetEnvironmentVariable("Backends__mysql__overridden__password", overridePassword);
        var logs = new CapturingLoggerFactory();
        var texts = new List<(string Where, string Text)>();
        try
        {
            // The application's configuration: environment variables plus its own settings, as a host builds it.
            var overrides = new Dictionary<string, string?> { ["Backends:mysql:configured:password"] = configuredPassword };
            foreach (var name in new[] { "envpw", "filepw", "overridden", "configured", "wrongpw", "badoption", "unknownref", "missingfile", "literal" })
            {
                overrides[$"Backends:mysql:{name}:hosts:0"] = server.Host;
            }

            overrides["Backends:mysql:down:hosts:0"] = MySqlTestSettings.NothingListens + ":1";
            overrides["Backends:mongodb:guarded:hosts:0"] = mongo.Host;
            overrides["Backends:mongodb:open:hosts:0"] = mongo.Host;
            overrides["Backends:sqlite:encrypted:path"] = Path.Combine(directory.FullName, "encrypted.db");
            overrides["Backends:sqlite:plain:path"] = Path.Combine(directory.FullName, "plain.db");
            overrides["Backends:memcached:cache:hosts:0"] = memcached.Host;
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(overrides).Build();
            AppDb.Registry.Context!.UseValues(new ConfigurationValueSource(configuration));
            AppDb.Registry.UseLogger(logs);
            foreach (var connection in AppDb.All)
            {
                connection.Error += (_, e) => texts.Add(($"{connection.Name} Error event", e.Error.ToString() + "\n" + e.Error.Message + "\n" + e.Error.Exception));
            }

            // Start-up, one connection at a time, so that every failure is its own; then the app's InitializeAsync.
            foreach (var connection in AppDb.All)
            {
                try
                {
                    await Wait.For(connection.ConfigureAsync());
                }
                catch (Exception ex) when (ex is not TimeoutException)
                {
                    AddException(texts, connection.Name + " ConfigureAsync", ex);
                }

                if (connection.Ready.Exception is { } ready)
                {
                    AddException(texts, connection.Name + " Ready", ready);
                }
            }

            // The outcome each connection must have: proof that the planted values were really used.
            Assert.Equal(
                new Dictionary<string, ConnectionState>
                {
                    ["mysql.envpw"] = ConnectionState.Ready, ["mysql.filepw"] = ConnectionState.Ready,
                    ["mysql.overridden"] = ConnectionState.Ready, ["mysql.configured"] = ConnectionState.Ready,
                    ["mysql.wrongpw"] = ConnectionState.Faulted, ["mysql.badoption"] = ConnectionState.Faulted,
                    ["mysql.unknownref"] = ConnectionState.Faulted, ["mysql.missingfile"] = ConnectionState.Faulted,
                    ["mysql.literal"] = ConnectionState.Faulted, ["mysql.down"] = ConnectionState.Faulted,
                    ["mongodb.guarded"] = ConnectionState.Faulted, ["mongodb.open"] = ConnectionState.Ready,
                    ["sqlite.encrypted"] = ConnectionState.Faulted, ["sqlite.plain"] = ConnectionState.Ready,
                    ["memcached.cache"] = ConnectionState.Ready,
                },
                AppDb.All.ToDictionary(c => c.Name, c => c.State));
            Assert.Equal(MySqlErrorCode.AccessDenied, Assert.IsType<MySqlException>(AppDb.MySql.Wrongpw.Errors[^1].GetOriginalException()).ErrorCode);
            Assert.Contains("options.ConnectionTimeout", AppDb.MySql.Badoption.Errors[^1].Message, StringComparison.Ordinal);
            Assert.Contains("is not a known reference", AppDb.MySql.Unknownref.Errors[^1].Message, StringComparison.Ordinal);
            Assert.Contains("cannot be read", AppDb.MySql.Missingfile.Errors[^1].Message, StringComparison.Ordinal);
            Assert.Null(AppDb.MySql.Literal.Settings.Password); // the literal was left out
            Assert.Equal(overridePassword, AppDb.MySql.Overridden.Settings.Password);
            Assert.Equal(optionReference, AppDb.MySql.Envpw.Settings.Options["CertificatePassword"]);
            Assert.DoesNotContain("SslKey", AppDb.MySql.Envpw.Settings.Options.Keys);
            Assert.Contains("CertificatePassword=***", AppDb.MySql.Envpw.Config.ToString(), StringComparison.Ordinal);

            // The application's own start-up: it fails (some connections cannot come up), and what it throws is text too.
            var initialize = await Wait.ForFailure(AppDb.InitializeAsync());
            AddException(texts, "Db.InitializeAsync", Assert.IsType<BackendStartupException>(initialize));

            // Every other path that produces text: settings, errors, health checks, pings, the native client of a
            // connection that is not ready, and the settings of connections whose references cannot resolve.
            foreach (var connection in AppDb.All)
            {
                texts.Add((connection.Name + " ToString", connection.ToString() ?? ""));
                try
                {
                    texts.Add((connection.Name + " Config.ToString", connection.Config.ToString()));
                }
                catch (BackendConfigurationException ex)
                {
                    AddException(texts, connection.Name + " Config", ex);
                }

                foreach (var error in connection.Errors)
                {
                    texts.Add((connection.Name + " Errors", error.ToString() + "\n" + error.Message + "\n" + error.Exception));
                    AddException(texts, connection.Name + " Errors.Exception", error.Exception);
                }

                var health = await new BackendHealthCheck(connection).CheckHealthAsync(new HealthCheckContext());
                texts.Add((connection.Name + " health", health.Status + " " + health.Description + " " + health.Exception + " " +
                    string.Join(", ", health.Data.Select(d => d.Key + "=" + d.Value))));
                try
                {
                    if (connection.IsReady)
                    {
                        await connection.PingAsync();
                    }
                    else
                    {
                        _ = connection.Instance;
                    }
                }
                catch (Exception ex)
                {
                    AddException(texts, connection.Name + " PingAsync/Instance", ex);
                }
            }

            // A ping that fails: the server of a ready connection goes away.
            await memcached.DisposeAsync();
            try
            {
                await AppDb.Memcached.Cache.PingAsync();
            }
            catch (Exception ex)
            {
                AddException(texts, "memcached.cache PingAsync after the server stopped", ex);
            }

            texts.Add(("health after the server stopped", (await new BackendHealthCheck(AppDb.Memcached.Cache).CheckHealthAsync(new HealthCheckContext())).Description ?? ""));
            await AppDb.DisposeAsync();
            texts.AddRange(logs.Lines.Select(line => ("log", line)));

            // Every text path was seen, at every level the library logs at.
            Assert.Contains(logs.Lines, l => l.Contains(" Information: ", StringComparison.Ordinal));
            Assert.Contains(logs.Lines, l => l.Contains(" Warning: ", StringComparison.Ordinal));
            Assert.Contains(logs.Lines, l => l.Contains(" Error: ", StringComparison.Ordinal));
            Assert.Contains(texts, t => t.Where.EndsWith("Error event", StringComparison.Ordinal));
            Assert.Contains(texts, t => t.Where.EndsWith(" health", StringComparison.Ordinal));

            foreach (var (where, text) in texts)
            {
                secrets.AssertAbsent(where, text, allowBadOption: where == "mysql.badoption Config.ToString");
            }
        }
        finally
        {
            foreach (var variable in variables)
            {
                Environment.SetEnvironmentVariable(variable, null);
            }

            File.Delete(secretFile);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }

        // The built assembly (the app and its generated code): no planted literal, in any encoding a string takes.
        var assembly = await File.ReadAllBytesAsync(typeof(AppDb).Assembly.Location);
        Assert.True(Contains(assembly, "secrets-app-visible"), "the search must find a non-secret option compiled into the assembly");
        foreach (var literal in s_literals.Concat(secrets.All))
        {
            Assert.False(Contains(assembly, literal), $"{literal} is compiled into {typeof(AppDb).Assembly.Location}");
        }
    }

    private static void AddException(List<(string Where, string Text)> texts, string where, Exception exception)
    {
        texts.Add((where, exception.ToString()));
        for (var e = exception; e is not null; e = e.InnerException)
        {
            texts.Add((where + " message", e.Message + " " + e.StackTrace));
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    AddException(texts, where + " inner", inner);
                }
            }
        }
    }

    private static bool Contains(byte[] haystack, string text) =>
        haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0 || haystack.AsSpan().IndexOf(Encoding.Unicode.GetBytes(text)) >= 0;

    /// <summary>Distinctive values, each with a random token, and the check that no text holds one or its token.</summary>
    private sealed class PlantedSecrets
    {
        private readonly List<(string Value, string[] Tokens)> _planted = [];

        public IEnumerable<string> All => _planted.Select(p => p.Value);

        public string Plant(string name, string middle = "")
        {
            var token1 = "Plant" + name + Guid.NewGuid().ToString("N")[..10];
            var token2 = Guid.NewGuid().ToString("N")[..10];
            var value = token1 + middle + token2;
            _planted.Add((value, [value, token1, token2]));
            return value;
        }

        public void AssertAbsent(string where, string text, bool allowBadOption)
        {
            foreach (var (value, tokens) in _planted)
            {
                if (allowBadOption && value.Contains("BadOpt", StringComparison.Ordinal))
                {
                    continue;
                }

                foreach (var token in tokens)
                {
                    Assert.False(text.Contains(token, StringComparison.Ordinal), $"{where} shows the planted secret {value}: {text}");
                }
            }

            foreach (var literal in s_literals)
            {
                Assert.False(text.Contains(literal, StringComparison.Ordinal), $"{where} shows the literal secret {literal}: {text}");
            }
        }
    }
}
