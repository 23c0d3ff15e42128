namespace Backends.Runtime;

/// <summary>
/// The errors one connection or store met: the most recent <see cref="MaxKept"/>, kept for <c>Errors</c>, and each raised
/// to the <c>Error</c> handlers one by one, so that a handler that throws neither stops the others nor escapes into the
/// thread that met the error (a start-up attempt, a driver's reader or timer thread, a store's background writer).
/// </summary>
internal sealed class ErrorLog
{
    /// <summary>How many errors are kept; older ones are dropped first.</summary>
    public const int MaxKept = 100;

    private readonly List<BackendError> _errors = [];

    /// <summary>The kept errors, oldest first.</summary>
    public IReadOnlyList<BackendError> Snapshot()
    {
        lock (_errors)
        {
            return [.. _errors];
        }
    }

    /// <summary>
    /// Keeps <paramref name="error"/> and raises it to each of <paramref name="handlers"/>; a handler's exception is
    /// passed to <paramref name="handlerFailed"/> and the next handler still runs.
    /// </summary>
    public void Add(object sender, BackendError error, EventHandler<BackendErrorEventArgs>? handlers, Action<Exception> handlerFailed)
    {
        lock (_errors)
        {
            if (_errors.Count == MaxKept)
            {
                _errors.RemoveAt(0);
            }

            _errors.Add(error);
        }

        if (handlers is null)
        {
            return;
        }

        var args = new BackendErrorEventArgs(error);
        foreach (var handler in handlers.GetInvocationList())
        {
            try
            {
                ((EventHandler<BackendErrorEventArgs>)handler).Invoke(sender, args);
            }
#pragma warning disable CA1031 // a handler's bug must not take down a reader thread, a timer, start-up or a background writer
            catch (Exception ex)
#pragma warning restore CA1031
            {
                handlerFailed(ex);
            }
        }
    }
}
