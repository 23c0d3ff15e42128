namespace GeneratorTests.Infrastructure;

/// <summary>C# sources the test compilations contain.</summary>
internal static class TestSources
{
    public const string Program = "namespace MyApp; internal static class Program { }";

    /// <summary>
    /// A third-party adapter declared in the compilation itself, with a settings class that uses every supported
    /// setting type (and one unsupported), so the generator's schema reading and emitting are covered end to end.
    /// </summary>
    public const string CustomAdapter = """
        #pragma warning disable CS1591 // test types need no XML docs
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        using Backends.Runtime;

        [assembly: BackendAdapter("custom", typeof(Custom.CustomBackend), typeof(Custom.CustomSettings), PackageId = "Custom.Backends")]

        namespace Custom;

        public enum Level { Low, High }

        public sealed class Limits
        {
            [Setting(Min = 1)]
            public long MaxBytes { get; set; } = 10;

            public string? Label { get; set; }

            public Retry Retry { get; set; } = new();
        }

        public sealed class Retry
        {
            [Setting(Required = true)]
            public int Attempts { get; set; }

            public string? Note { get; set; }
        }

        [RequireOneOf("endpoint", "endpoints")]
        public sealed class CustomSettings : BackendSettings
        {
            public string? Endpoint { get; set; }

            public List<string> Endpoints { get; set; } = new();

            public string[] Zones { get; set; } = Array.Empty<string>();

            [Setting("max-items", Min = 1, Max = 100)]
            public long MaxItems { get; set; } = 10;

            [Setting(Min = 0, Max = 1)]
            public double Ratio { get; set; }

            public Level? Level { get; set; }

            public TimeSpan? Idle { get; set; }

            public Dictionary<string, string>? Tags { get; set; }

            public IDictionary<string, string> Headers { get; set; } = new Dictionary<string, string>();

            public Limits? Limits { get; set; }

            [Setting(Secret = true)]
            public string? Token { get; set; }

            public Uri? Address { get; set; }

            public int Computed => 1;
        }

        public sealed class CustomBackend : BackendConnection<MemoryStream, CustomSettings>
        {
            public CustomBackend(string kind, string name, SettingsFactory<CustomSettings> settings)
                : base(kind, name, settings)
            {
            }

            protected override ValueTask<MemoryStream> CreateInstanceAsync(CancellationToken cancellationToken) => ValueTask.FromResult(new MemoryStream());

            protected override ValueTask PingInstanceAsync(MemoryStream instance, CancellationToken cancellationToken) => ValueTask.CompletedTask;
        }
        """;

    /// <summary>An adapter declaration whose handle does not derive from BackendConnection&lt;T&gt;.</summary>
    public const string InvalidAdapter = """
        #pragma warning disable CS1591
        using Backends.Runtime;

        [assembly: BackendAdapter("broken", typeof(Broken.BrokenBackend), typeof(Broken.BrokenSettings))]

        namespace Broken;

        public sealed class BrokenBackend
        {
        }

        public sealed class BrokenSettings : BackendSettings
        {
            protected override void Describe(SettingsText text)
            {
            }
        }
        """;
}
