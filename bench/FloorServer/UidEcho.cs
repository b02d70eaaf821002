using System.Buffers;
using System.Text.Json;

namespace AdmissionGuard.FloorServer;

/// <summary>
/// The least an admission webhook can do: find <c>request.uid</c> in the review and allow it.
/// Reads tokens only until the uid, never builds a document.
/// </summary>
internal static class UidEcho
{
    private static readonly JsonEncodedText ApiVersion = JsonEncodedText.Encode("admission.k8s.io/v1");
    private static readonly JsonEncodedText Kind = JsonEncodedText.Encode("AdmissionReview");

    /// <summary>The uid of <c>request.uid</c>, or null when the review has none.</summary>
    public static string? FindUid(ReadOnlySequence<byte> review)
    {
        var reader = new Utf8JsonReader(review, new JsonReaderOptions { MaxDepth = 256 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        // Depth 1: the review's properties; depth 2: the request's.
        var inRequest = false;
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                continue;
            }

            if (reader.CurrentDepth == 1)
            {
                inRequest = reader.ValueTextEquals("request"u8);
                if (!inRequest)
                {
                    reader.Read();
                    reader.Skip();
                }
            }
            else if (inRequest && reader.CurrentDepth == 2)
            {
                if (reader.ValueTextEquals("uid"u8))
                {
                    reader.Read();
                    return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }

                reader.Read();
                reader.Skip();
            }
        }

        return null;
    }

    public static void WriteAllowed(IBufferWriter<byte> output, string uid)
    {
        using var writer = new Utf8JsonWriter(output);
        writer.WriteStartObject();
        writer.WriteString("apiVersion"u8, ApiVersion);
        writer.WriteString("kind"u8, Kind);
        writer.WriteStartObject("response"u8);
        writer.WriteString("uid"u8, uid);
        writer.WriteBoolean("allowed"u8, true);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
