using System.Text.Json;
using ElasticCompute.DevCluster.Server.Errors;

namespace ElasticCompute.DevCluster.Server.Http;

/// <summary>Writes meta/v1 Status objects, the API's error (and some success) bodies.</summary>
public static class StatusWriter
{
    public static byte[] Failure(ApiException error)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            WriteFailure(w, error);
        }

        return buffer.ToArray();
    }

    public static void WriteFailure(Utf8JsonWriter w, ApiException error)
    {
        w.WriteStartObject();
        w.WriteString("kind", "Status");
        w.WriteString("apiVersion", "v1");
        w.WriteStartObject("metadata");
        w.WriteEndObject();
        w.WriteString("status", "Failure");
        w.WriteString("message", error.Message);
        if (!string.IsNullOrEmpty(error.Reason))
        {
            w.WriteString("reason", error.Reason);
        }
        if (error.Name is not null || error.DetailKind is not null || error.Causes.Count > 0 || error.RetryAfterSeconds is not null)
        {
            w.WriteStartObject("details");
            if (error.Name is not null)
            {
                w.WriteString("name", error.Name);
            }

            if (!string.IsNullOrEmpty(error.Group))
            {
                w.WriteString("group", error.Group);
            }

            if (error.DetailKind is not null)
            {
                w.WriteString("kind", error.DetailKind);
            }

            if (error.Causes.Count > 0)
            {
                w.WriteStartArray("causes");
                foreach (var cause in error.Causes)
                {
                    w.WriteStartObject();
                    w.WriteString("reason", cause.Reason);
                    w.WriteString("message", cause.Message);
                    w.WriteString("field", cause.Field);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            if (error.RetryAfterSeconds is { } retry)
            {
                w.WriteNumber("retryAfterSeconds", retry);
            }

            w.WriteEndObject();
        }

        w.WriteNumber("code", error.Code);
        w.WriteEndObject();
    }
}
