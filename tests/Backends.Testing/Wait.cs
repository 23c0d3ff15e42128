namespace Backends.Testing;

/// <summary>Generous waits: tests wait on states and tasks, never assert how long something took.</summary>
public static class Wait
{
    /// <summary>How long any single wait may take before the test fails.</summary>
    public static readonly TimeSpan Generous = TimeSpan.FromSeconds(90);

    /// <summary>Waits for <paramref name="task"/>, failing the test if it does not finish within <see cref="Generous"/>.</summary>
    public static Task For(Task task) => task.WaitAsync(Generous);

    /// <summary>Waits until <paramref name="condition"/> holds, polling, failing the test after <see cref="Generous"/>.</summary>
    public static async Task Until(Func<bool> condition, string what)
    {
        using var timeout = new CancellationTokenSource(Generous);
        while (!condition())
        {
            try
            {
                await Task.Delay(50, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Waited {Generous.TotalSeconds} s for {what}.");
            }
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds, polling, failing the test after <see cref="Generous"/>.</summary>
    public static async Task Until(Func<Task<bool>> condition, string what)
    {
        using var timeout = new CancellationTokenSource(Generous);
        while (!await condition())
        {
            try
            {
                await Task.Delay(100, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Waited {Generous.TotalSeconds} s for {what}.");
            }
        }
    }

    /// <summary>Returns the exception <paramref name="task"/> ends with (it must end within <see cref="Generous"/>), or null.</summary>
    public static async Task<Exception?> ForFailure(Task task)
    {
        try
        {
            await task.WaitAsync(Generous);
            return null;
        }
        catch (TimeoutException) when (!task.IsCompleted)
        {
            throw new TimeoutException($"The task did not end within {Generous.TotalSeconds} s.");
        }
        catch (Exception ex)
        {
            return ex;
        }
    }
}
