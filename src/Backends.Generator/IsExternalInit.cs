// Lets netstandard2.0 use records and init-only setters. The compiler looks the type up by this exact name, so this
// one file's namespace cannot match its folder (IDE0130).
#pragma warning disable IDE0130
namespace System.Runtime.CompilerServices;
#pragma warning restore IDE0130

internal static class IsExternalInit
{
}
