// Compiled into both Backends.Generator (did-you-mean in build diagnostics) and Backends.Runtime (did-you-mean in
// Registry.Get errors), so that both suggest the same names.
#if BACKENDS_GENERATOR
namespace Backends.Generator.Shared;
#else
namespace Backends.Runtime.Shared;
#endif

using System;
using System.Collections.Generic;

/// <summary>The edit distance behind every did-you-mean, and when a name is close enough to suggest.</summary>
internal static class EditDistance
{
    /// <summary>Names longer than this are not compared letter by letter (their distance is the longer length).</summary>
    public const int MaxLength = 256;

    /// <summary>Levenshtein distance ignoring case, so <c>Database</c> is a near miss for <c>database</c>.</summary>
    public static int Between(string a, string b)
    {
        if (a.Length > MaxLength || b.Length > MaxLength)
        {
            return Math.Max(a.Length, b.Length);
        }

        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    /// <summary>Whether a distance of <paramref name="distance"/> between <paramref name="name"/> and <paramref name="candidate"/> is a likely typo.</summary>
    public static bool IsNearMiss(string name, string candidate, int distance) =>
        distance <= Math.Max(2, Math.Min(name.Length, candidate.Length) / 3);

    /// <summary>The candidates close enough to <paramref name="name"/> to suggest, nearest first (ties in the given order), at most <paramref name="limit"/>.</summary>
    public static List<string> NearMisses(string name, IEnumerable<string> candidates, int limit)
    {
        var scored = new List<(string Candidate, int Distance, int Order)>();
        var order = 0;
        foreach (var candidate in candidates)
        {
            var distance = Between(name, candidate);
            if (IsNearMiss(name, candidate, distance))
            {
                scored.Add((candidate, distance, order));
            }

            order++;
        }

        scored.Sort((x, y) => x.Distance != y.Distance ? x.Distance.CompareTo(y.Distance) : x.Order.CompareTo(y.Order));
        var result = new List<string>(Math.Min(limit, scored.Count));
        for (var i = 0; i < scored.Count && i < limit; i++)
        {
            result.Add(scored[i].Candidate);
        }

        return result;
    }

    /// <summary>The candidate nearest to <paramref name="name"/>, if it is close enough to be a likely typo.</summary>
    public static string? Nearest(string name, IEnumerable<string> candidates)
    {
        var near = NearMisses(name, candidates, 1);
        return near.Count == 0 ? null : near[0];
    }
}
