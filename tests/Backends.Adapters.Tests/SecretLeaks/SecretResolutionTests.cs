using Backends.MongoDb;
using Backends.MySql;
using Backends.Runtime;
using Backends.Sqlite;
using Microsoft.Extensions.Configuration;

namespace Backends.Adapters.Tests.SecretLeaks;

/// <summary>
/// Server-free checks of how references resolve: exactly once, only in compiled values, with <c>$${</c> as the escape,
/// and with errors that name the key and say what to write.
/// </summary>
public sealed class SecretResolutionTests
{
    [Fact]
    public void An_empty_file_reference_is_a_configuration_error_naming_the_key()
    {
        // Issue 7, defect 8: File.ReadAllText("") threw a bare ArgumentException that named no key.
        var exception = Assert.Throws<BackendConfigurationException>(() => SecretResolver.Resolve("${file:}", "mysql:demo:password"));

        Assert.Contains("Backends:mysql:demo:password", exception.Message, StringComparison.Ordinal);
        Assert.Contains("${file:/run/secrets/", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Backends__mysql__demo__password", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_env_reference_is_a_configuration_error_naming_the_key()
    {
        var exception = Assert.Throws<BackendConfigurationException>(() => SecretResolver.Resolve("${env:}", "sqlite:local:password"));

        Assert.Contains("Backends:sqlite:local:password", exception.Message, StringComparison.Ordinal);
        Assert.Contains("${env:NAME}", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Double_dollar_is_a_literal_reference_start()
    {
        Assert.Equal("a${b}c", SecretResolver.Resolve("a$${b}c", "k"));
        Assert.Equal("${env:HOME}", SecretResolver.Resolve("$${env:HOME}", "k"));
        Assert.Equal("$5 and $$", SecretResolver.Resolve("$5 and $$", "k"));
    }

    [Fact]
    public void What_a_reference_yields_is_not_parsed_again()
    {
        var variable = "BACKENDGEN_TEST_NESTED_" + Guid.NewGuid().ToString("N");
        var inner = "BACKENDGEN_TEST_INNER_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, "x9${env:" + inner + "}z");
        Environment.SetEnvironmentVariable(inner, "must-not-appear");
        try
        {
            Assert.Equal("x9${env:" + inner + "}z", SecretResolver.Resolve("${env:" + variable + "}", "mysql:demo:password"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
            Environment.SetEnvironmentVariable(inner, null);
        }
    }

    [Fact]
    public void An_override_is_data_and_is_never_parsed_for_references()
    {
        // Leak 3: an override 'x9${Tq}z' failed with a message quoting part of it, and could not be used at all.
        const string password = "x9${Tq}z-override";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Backends:mysql:demo:password"] = password,
            ["Backends:mysql:demo:hosts:0"] = "${env:NOT_A_REFERENCE}",
            ["Backends:mysql:demo:options:CertificatePassword"] = "${file:}",
        }).Build();
        var context = new BackendSettingsContext("Production", new ConfigurationValueSource(configuration));

        // The generated factory assigns the compiled value, then the override, then resolves what is left of the compiled values.
        var value = context.Override("mysql:demo:password");
        Assert.Equal(password, context.Resolve(value, "mysql:demo:password"));
        Assert.Equal(["${env:NOT_A_REFERENCE}"], context.ResolveList(context.OverrideList("mysql:demo:hosts")!, "mysql:demo:hosts"));
        Assert.Equal("${file:}", context.ResolveMap(new Dictionary<string, string> { ["CertificatePassword"] = "${file:}" }, "mysql:demo:options")["CertificatePassword"]);
    }

    [Fact]
    public void References_resolve_in_list_items_and_option_values()
    {
        var variable = "BACKENDGEN_TEST_OPTION_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, "resolved-value");
        try
        {
            var context = new BackendSettingsContext("Production", new ConfigurationValueSource(new ConfigurationBuilder().Build()));

            Assert.Equal(["a", "resolved-value:1"], context.ResolveList(["a", "${env:" + variable + "}:1"], "mysql:demo:hosts"));
            var options = context.ResolveMap(new Dictionary<string, string> { ["CertificatePassword"] = "${env:" + variable + "}", ["X"] = "$${y}" }, "mysql:demo:options");
            Assert.Equal("resolved-value", options["CertificatePassword"]);
            Assert.Equal("${y}", options["X"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void Secret_option_values_are_redacted_by_key_in_every_settings_text()
    {
        var mysql = new MySqlSettings
        {
            Hosts = ["h:3306"],
            Database = "d",
            Options = new Dictionary<string, string>
            {
                ["CertificatePassword"] = "mysql-cert-secret",
                ["Certificate Password"] = "mysql-cert-secret-2",
                ["SslKey"] = "mysql-ssl-key-secret",
                ["Ssl-Key"] = "mysql-ssl-key-secret-2",
                ["Pwd"] = "mysql-pwd-secret",
                ["ApplicationName"] = "shown-app",
            },
        };
        var mongo = new MongoDbSettings
        {
            Hosts = ["h:1"],
            Database = "d",
            Options = new Dictionary<string, string> { ["tlsCertificateKeyFilePassword"] = "mongo-tls-secret", ["password"] = "mongo-pw-secret", ["w"] = "majority" },
        };
        var sqlite = new SqliteSettings { Path = "x.db", Options = new Dictionary<string, string> { ["Password"] = "sqlite-pw-secret", ["Pooling"] = "False" } };

        foreach (var (settings, secrets) in new (BackendSettings, string[])[]
        {
            (mysql, ["mysql-cert-secret", "mysql-ssl-key-secret", "mysql-pwd-secret"]),
            (mongo, ["mongo-tls-secret", "mongo-pw-secret"]),
            (sqlite, ["sqlite-pw-secret"]),
        })
        {
            var text = settings.ToString();
            Assert.All(secrets, secret => Assert.DoesNotContain(secret, text, StringComparison.Ordinal));
            Assert.All(secrets, secret => Assert.Contains(settings.GetSecrets(), s => s.StartsWith(secret, StringComparison.Ordinal)));
        }

        Assert.Contains("ApplicationName=shown-app", mysql.ToString(), StringComparison.Ordinal);
        Assert.Contains("CertificatePassword=***", mysql.ToString(), StringComparison.Ordinal);
        Assert.Contains("w=majority", mongo.ToString(), StringComparison.Ordinal);
        Assert.Contains("Pooling=False", sqlite.ToString(), StringComparison.Ordinal);
    }
}
