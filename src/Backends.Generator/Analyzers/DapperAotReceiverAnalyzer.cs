using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Backends.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Backends.Generator.Analyzers;

/// <summary>
/// Reports a Dapper call that Dapper.AOT cannot intercept because the type of its connection comes from the code this
/// generator writes (BG0022).
/// </summary>
/// <remarks>
/// Source generators do not see each other's output. Dapper.AOT looks at the compilation without the generated
/// <c>Db</c> class, so in <c>var c = await Db.MySql.Demo.OpenConnectionAsync(); c.QueryAsync(...)</c> the type of
/// <c>c</c> is unknown to it, the call is left to Dapper's reflection path, and under native AOT it fails at run time
/// with "Dynamic code generation is not supported". An analyzer sees the final compilation, generated code included,
/// so it can tell which receivers depend on a generated symbol. It runs only where the project opted into Dapper.AOT
/// (<c>[module: DapperAot]</c>).
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DapperAotReceiverAnalyzer : DiagnosticAnalyzer
{
    private const string SqlMapperName = "Dapper.SqlMapper";
    private const string DapperAotAttributeName = "Dapper.DapperAotAttribute";

    /// <summary>The folder name the compiler gives this generator's output trees: its full type name.</summary>
    private static readonly string s_generatedFolder = typeof(BackendsGenerator).FullName!;

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.DapperCallNotIntercepted);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        // Generated code is ours or Dapper.AOT's; neither is where a user writes the call this rule is about.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var sqlMapper = start.Compilation.GetTypeByMetadataName(SqlMapperName);
            if (sqlMapper is null || !UsesDapperAot(start.Compilation))
            {
                return;
            }

            start.RegisterOperationAction(c => AnalyzeInvocation(c, sqlMapper), OperationKind.Invocation);
        });
    }

    private static bool UsesDapperAot(Compilation compilation)
    {
        foreach (var attribute in compilation.SourceModule.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() == DapperAotAttributeName)
            {
                // [module: DapperAot] and [module: DapperAot(true)] opt in; [module: DapperAot(false)] opts out.
                return attribute.ConstructorArguments.Length == 0 || attribute.ConstructorArguments[0].Value is not false;
            }
        }

        return false;
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, INamedTypeSymbol sqlMapper)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (!method.IsExtensionMethod || !SymbolEqualityComparer.Default.Equals(method.ContainingType, sqlMapper) ||
            invocation.Arguments.Length == 0)
        {
            return;
        }

        // For an extension method the receiver is the first argument, in the reduced form (conn.Query) and the static one.
        var receiver = invocation.Arguments[0].Value;
        while (receiver is IConversionOperation { IsImplicit: true } conversion)
        {
            receiver = conversion.Operand;
        }

        var model = invocation.SemanticModel;
        if (model is null)
        {
            return;
        }

        var generated = FindGeneratedDependency(receiver.Syntax, model, new HashSet<ISymbol>(SymbolEqualityComparer.Default), context.CancellationToken);
        if (generated is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.DapperCallNotIntercepted,
                invocation.Syntax.GetLocation(),
                method.Name,
                receiver.Syntax.ToString(),
                generated.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat),
                receiver.Type?.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) ?? "DbConnection"));
        }
    }

    /// <summary>
    /// The first symbol declared in this generator's output that the type of <paramref name="expression"/> depends on,
    /// following implicitly typed locals (<c>var</c>) to their initializers; <see langword="null"/> when Dapper.AOT can
    /// see the type without the generated code.
    /// </summary>
    private static ISymbol? FindGeneratedDependency(SyntaxNode expression, SemanticModel model, HashSet<ISymbol> visited, System.Threading.CancellationToken cancellationToken)
    {
        foreach (var node in expression.DescendantNodesAndSelf(n => n is not AnonymousFunctionExpressionSyntax))
        {
            if (node is not SimpleNameSyntax name)
            {
                continue;
            }

            var symbol = model.GetSymbolInfo(name, cancellationToken).Symbol;
            if (symbol is null || !visited.Add(symbol))
            {
                continue;
            }

            if (IsGenerated(symbol) || IsGenerated(TypeOf(symbol)))
            {
                return symbol;
            }

            if (symbol is ILocalSymbol local && InitializerOfImplicitlyTyped(local, cancellationToken) is { } initializer &&
                FindGeneratedDependency(initializer, model, visited, cancellationToken) is { } dependency)
            {
                return dependency;
            }
        }

        return null;
    }

    private static ITypeSymbol? TypeOf(ISymbol symbol) => symbol switch
    {
        ILocalSymbol local => local.Type,
        IParameterSymbol parameter => parameter.Type,
        IFieldSymbol field => field.Type,
        IPropertySymbol property => property.Type,
        IMethodSymbol method => method.ReturnType,
        _ => null,
    };

    /// <summary>The initializer of a local declared with <c>var</c> (the only locals whose type Dapper.AOT must infer).</summary>
    private static ExpressionSyntax? InitializerOfImplicitlyTyped(ILocalSymbol local, System.Threading.CancellationToken cancellationToken)
    {
        foreach (var reference in local.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is VariableDeclaratorSyntax
                {
                    Initializer.Value: { } value,
                    Parent: VariableDeclarationSyntax { Type.IsVar: true },
                })
            {
                return value;
            }
        }

        return null;
    }

    private static bool IsGenerated(ISymbol? symbol)
    {
        for (var current = symbol; current is not null; current = current.ContainingType)
        {
            foreach (var location in current.Locations)
            {
                if (location.SourceTree?.FilePath is { } path && InGeneratedFolder(path))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool InGeneratedFolder(string path)
    {
        var index = path.IndexOf(s_generatedFolder, StringComparison.Ordinal);
        var end = index + s_generatedFolder.Length;
        return index > 0 && path[index - 1] is '/' or '\\' && end < path.Length && path[end] is '/' or '\\';
    }
}
