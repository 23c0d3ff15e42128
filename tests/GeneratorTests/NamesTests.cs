using Backends.Generator.Naming;

namespace GeneratorTests;

/// <summary>How config names become C# names, and the did-you-mean search.</summary>
public sealed class NamesTests
{
    [Theory]
    [InlineData("order-archive", "OrderArchive")]
    [InlineData("order_archive", "OrderArchive")]
    [InlineData("order.archive", "OrderArchive")]
    [InlineData("order archive", "OrderArchive")]
    [InlineData("orderArchive", "OrderArchive")]
    [InlineData("ORDERS", "ORDERS")]
    [InlineData("demo", "Demo")]
    [InlineData("_private", "Private")]
    [InlineData("a--b", "AB")]
    [InlineData("caf\u00e9-2", "Caf\u00e92")]
    [InlineData("2fa", "2fa")]
    [InlineData("", "")]
    public void PascalCase(string name, string expected) => Assert.Equal(expected, Names.ToPascalCase(name));

    [Theory]
    [InlineData("SslMode", "sslMode")]
    [InlineData("SSLMode", "sslMode")]
    [InlineData("StartupTimeout", "startupTimeout")]
    [InlineData("URL", "url")]
    [InlineData("X", "x")]
    [InlineData("already", "already")]
    public void CamelCase_matches_System_Text_Json(string name, string expected) => Assert.Equal(expected, Names.ToCamelCase(name));

    [Theory]
    [InlineData("databse", "database")]
    [InlineData("Database", "database")]
    [InlineData("hots", "hosts")]
    [InlineData("xyzzy", null)]
    public void Nearest_suggests_only_likely_typos(string name, string? expected) =>
        Assert.Equal(expected, Names.Nearest(name, ["hosts", "host", "port", "database", "password"]));

    [Theory]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("", "abc", 3)]
    [InlineData("MySQL", "mysql", 0)]
    public void Levenshtein_ignores_case(string a, string b, int distance) => Assert.Equal(distance, Names.Levenshtein(a, b));
}
