using System.Diagnostics;

namespace OverheadBenchmarks;

/// <summary>
/// Paired, finely interleaved A/B timing in one process: blocks of the reference and of ours alternate (AB, BA, AB, ...)
/// so that the load of this shared machine, which moves within seconds, hits both sides of each pair alike. The ratio
/// is the median over pairs of adjacent blocks; BenchmarkDotNet's rows beside it give the absolute figures.
/// </summary>
public static class Paired
{
    public sealed record Result(double ReferenceNanoseconds, double OursNanoseconds, double MedianRatio, double LowQuartile, double HighQuartile, int Pairs);

    public static async Task<Result> MeasureAsync(Func<ValueTask> reference, Func<ValueTask> ours, int blockSize, int pairs, int warmup)
    {
        for (var i = 0; i < warmup; i++)
        {
            await reference();
            await ours();
        }

        var ratios = new double[pairs];
        var referenceTimes = new double[pairs];
        var ourTimes = new double[pairs];
        for (var p = 0; p < pairs; p++)
        {
            double a, b;
            if (p % 2 == 0)
            {
                a = await BlockAsync(reference, blockSize);
                b = await BlockAsync(ours, blockSize);
            }
            else
            {
                b = await BlockAsync(ours, blockSize);
                a = await BlockAsync(reference, blockSize);
            }

            referenceTimes[p] = a / blockSize;
            ourTimes[p] = b / blockSize;
            ratios[p] = b / a;
        }

        Array.Sort(ratios);
        return new Result(Median(referenceTimes), Median(ourTimes), ratios[pairs / 2], ratios[pairs / 4], ratios[pairs * 3 / 4], pairs);
    }

    /// <summary>Alternates single operations that time themselves (their set-up and clean-up left out), AB, BA, AB, ...</summary>
    public static async Task<Result> MeasureTimedAsync(Func<Task<double>> reference, Func<Task<double>> ours, int pairs, int warmup)
    {
        for (var i = 0; i < warmup; i++)
        {
            await reference();
            await ours();
        }

        var ratios = new double[pairs];
        var referenceTimes = new double[pairs];
        var ourTimes = new double[pairs];
        for (var p = 0; p < pairs; p++)
        {
            double a, b;
            if (p % 2 == 0)
            {
                a = await reference();
                b = await ours();
            }
            else
            {
                b = await ours();
                a = await reference();
            }

            referenceTimes[p] = a;
            ourTimes[p] = b;
            ratios[p] = b / a;
        }

        Array.Sort(ratios);
        return new Result(Median(referenceTimes), Median(ourTimes), ratios[pairs / 2], ratios[pairs / 4], ratios[pairs * 3 / 4], pairs);
    }

    private static async Task<double> BlockAsync(Func<ValueTask> operation, int count)
    {
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            await operation();
        }

        return Stopwatch.GetElapsedTime(start).TotalMilliseconds * 1e6;
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
