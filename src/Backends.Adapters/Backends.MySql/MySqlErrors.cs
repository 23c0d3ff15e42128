using Backends.Runtime;
using MySqlConnector;

namespace Backends.MySql;

/// <summary>Tells the errors worth retrying (the server is down or busy) from those waiting cannot fix.</summary>
internal static class MySqlErrors
{
    // Server error numbers that MySqlErrorCode does not name.
    private const int AccessDeniedNoPassword = 1698;      // ER_ACCESS_DENIED_NO_PASSWORD_ERROR (unix_socket / auth plugin refused)
    private const int MustChangePassword = 1820;          // ER_MUST_CHANGE_PASSWORD
    private const int MustChangePasswordLogin = 1862;     // ER_MUST_CHANGE_PASSWORD_LOGIN
    private const int MySqlAccountLocked = 3118;          // MySQL ER_ACCOUNT_HAS_BEEN_LOCKED
    private const int MariaDbAccountLocked = 4151;        // MariaDB ER_ACCOUNT_HAS_BEEN_LOCKED

    /// <summary>
    /// Whether start-up should retry after <paramref name="exception"/>. Errors the server sends about the account or
    /// the database are permanent; failing to reach the server, or a server that is shutting down or full, is not.
    /// Anything unrecognised is retried: a needless retry costs time up to the start-up deadline, while giving up on
    /// a transient error would defeat the self-healing start-up.
    /// </summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        BackendConfigurationException or ArgumentException or FormatException or NotSupportedException => false,
        MySqlException mysql => IsTransient(mysql),
        _ => true,
    };

    private static bool IsTransient(MySqlException exception)
    {
        switch (exception.ErrorCode)
        {
            case MySqlErrorCode.AccessDenied:
            case MySqlErrorCode.DatabaseAccessDenied:
            case MySqlErrorCode.UnknownDatabase:
            case MySqlErrorCode.HostNotPrivileged:
            case MySqlErrorCode.HostIsBlocked:
            case MySqlErrorCode.NotSupportedAuthMode:
            case MySqlErrorCode.PasswordNoMatch:
            case MySqlErrorCode.SpecifiedAccessDeniedError:
                return false;
            case MySqlErrorCode.UnableToConnectToHost:
            case MySqlErrorCode.ServerShutdown:
            case MySqlErrorCode.NormalShutdown:
            case MySqlErrorCode.ShutdownComplete:
            case MySqlErrorCode.ConnectionCountError:
            case MySqlErrorCode.TooManyUserConnections:
            case MySqlErrorCode.AbortingConnection:
            case MySqlErrorCode.NewAbortingConnection:
                return true;
        }

        return (int)exception.ErrorCode switch
        {
            AccessDeniedNoPassword or MustChangePassword or MustChangePasswordLogin or MySqlAccountLocked or MariaDbAccountLocked => false,
            _ => true,
        };
    }
}
