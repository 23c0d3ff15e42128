using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace GeneratorTests.Infrastructure;

/// <summary>Asserts one diagnostic exactly: id, severity, message, file, and 1-based line/column span as an IDE shows it.</summary>
internal static class DiagnosticAssert
{
    public static Diagnostic Single(GeneratorRun run, string id)
    {
        Assert.Null(run.Exception);
        return Assert.Single(run.Diagnostics, d => d.Id == id);
    }

    /// <summary>
    /// Checks <paramref name="diagnostic"/>; when <paramref name="source"/> is given, also that the span covers
    /// <paramref name="spannedText"/> and that line/column agree with the text's own line map.
    /// </summary>
    public static void Is(
        Diagnostic diagnostic,
        string id,
        DiagnosticSeverity severity,
        string message,
        string path,
        (int Line, int Column) start,
        (int Line, int Column) end,
        string? source = null,
        string? spannedText = null)
    {
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(severity, diagnostic.Severity);
        Assert.Equal(message, diagnostic.GetMessage(CultureInfo.InvariantCulture));
        // Its own section of the diagnostics page this build configured, or no link (HelpLinkTests checks both builds).
        Assert.Equal(Backends.Generator.Diagnostics.HelpLinks.For(id) ?? "", diagnostic.Descriptor.HelpLinkUri);
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal(path, span.Path);
        Assert.Equal((start, end), ((span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1), (span.EndLinePosition.Line + 1, span.EndLinePosition.Character + 1)));
        if (source is not null)
        {
            var text = SourceText.From(source);
            Assert.Equal(text.Lines.GetLinePositionSpan(diagnostic.Location.SourceSpan), span.Span);
            if (spannedText is not null)
            {
                Assert.Equal(spannedText, text.ToString(diagnostic.Location.SourceSpan));
            }
        }
    }

    public static void HasNoLocation(Diagnostic diagnostic, string id, DiagnosticSeverity severity, string message)
    {
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(severity, diagnostic.Severity);
        Assert.Equal(message, diagnostic.GetMessage(CultureInfo.InvariantCulture));
        Assert.Equal(Location.None, diagnostic.Location);
    }
}
