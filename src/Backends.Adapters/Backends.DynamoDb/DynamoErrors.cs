using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Backends.Runtime;

namespace Backends.DynamoDb;

/// <summary>Which DynamoDB errors waiting can fix.</summary>
internal static class DynamoErrors
{
    // Credentials and signing, malformed requests, missing permissions: no retry changes these.
    private static readonly HashSet<string> s_permanentCodes = new(StringComparer.Ordinal)
    {
        "UnrecognizedClientException", "InvalidSignatureException", "IncompleteSignatureException", "MissingAuthenticationToken",
        "MissingAuthenticationTokenException", "InvalidClientTokenId", "SignatureDoesNotMatch", "AccessDeniedException",
        "AccessDenied", "ExpiredTokenException", "ValidationException", "SerializationException", "UnknownOperationException",
    };

    /// <summary>Whether <paramref name="exception"/> is worth retrying at start-up.</summary>
    public static bool IsTransient(Exception exception)
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case BackendConfigurationException or DynamoTableSchemaException or ArgumentException or FormatException:
                    return false;
                case AmazonServiceException service when service.ErrorCode is { } code && s_permanentCodes.Contains(code):
                    return false;
                case AmazonClientException client when client.Message.Contains("credential", StringComparison.OrdinalIgnoreCase):
                    // No credentials anywhere in the default chain: configuration, not an outage.
                    return false;
            }
        }

        return true;
    }

    /// <summary>Whether <paramref name="exception"/> is DynamoDB answering that it does not know the operation (dynalite's UpdateTimeToLive).</summary>
    public static bool IsUnknownOperation(Exception exception) =>
        exception is AmazonServiceException { ErrorCode: "UnknownOperationException" };

    /// <summary>Whether a conditional write was refused: an expected outcome, not an error.</summary>
    public static bool IsConditionFailed(Exception exception) => exception is ConditionalCheckFailedException;
}
