using Backends.Runtime;

namespace Backends.Runtime.Tests.Settings;

public sealed class SecretResolverTests
{
    [Fact]
    public void Text_without_references_is_returned_as_it_is()
    {
        Assert.Null(SecretResolver.Resolve(null, "a:b:c"));
        Assert.Equal("plain", SecretResolver.Resolve("plain", "a:b:c"));
    }

    [Fact]
    public void Environment_references_resolve_inside_text()
    {
        var name = "BACKENDS_TEST_SECRET_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(name, "s3cr3t");
        try
        {
            Assert.Equal("pre-s3cr3t-post", SecretResolver.Resolve("pre-${env:" + name + "}-post", "mysql:demo:password"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public void A_missing_variable_names_the_key_and_the_override()
    {
        var ex = Assert.Throws<BackendConfigurationException>(() =>
            SecretResolver.Resolve("${env:BACKENDS_SURELY_NOT_SET_42}", "mysql:demo:password"));
        Assert.Contains("BACKENDS_SURELY_NOT_SET_42", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Backends__mysql__demo__password", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void File_references_read_the_file_without_its_trailing_newline()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "from-a-file\n");
            Assert.Equal("from-a-file", SecretResolver.Resolve("${file:" + file + "}", "mysql:demo:password"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void An_unreadable_file_and_an_unknown_scheme_are_clear_errors()
    {
        var missing = Assert.Throws<BackendConfigurationException>(() =>
            SecretResolver.Resolve("${file:/nonexistent/backends/secret}", "mysql:demo:password"));
        Assert.Contains("/nonexistent/backends/secret", missing.Message, StringComparison.Ordinal);

        var unknown = Assert.Throws<BackendConfigurationException>(() => SecretResolver.Resolve("${vault:x}", "mysql:demo:password"));
        Assert.Contains("${env:NAME}", unknown.Message, StringComparison.Ordinal);

        Assert.Throws<BackendConfigurationException>(() => SecretResolver.Resolve("${env:OPEN", "mysql:demo:password"));
    }
}
