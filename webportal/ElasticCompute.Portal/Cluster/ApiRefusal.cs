using System.Text.Json;
using k8s.Autorest;

namespace ElasticCompute.Portal.Cluster;

/// <summary>
/// What the API server said when it refused a write (the CRD's rules, a webhook, a conflict): its message, and its
/// causes with their field paths so each can be shown next to its field.
/// </summary>
internal sealed partial record ApiRefusal(int Code, string Message, IReadOnlyList<(string Field, string Message)> Causes)
{
    private const string Denied = "denied the request: ";

    /// <summary>
    /// Each refusal with its field path: the Status's causes, else the parts of a webhook's denial
    /// ("admission webhook \"x\" denied the request: spec.cpu: ...; spec.memory: ..."), else the message alone (field "").
    /// </summary>
    public IReadOnlyList<(string Field, string Message)> ByField()
    {
        if (Causes.Count > 0)
        {
            return Causes;
        }

        var denied = Message.IndexOf(Denied, StringComparison.Ordinal);
        if (denied < 0)
        {
            return [(string.Empty, Message)];
        }

        // Only "; " before a field path separates two refusals: a message itself may hold "; " ("...; choose one of 1, 2").
        return RefusalSeparator().Split(Message[(denied + Denied.Length)..])
            .Select(part => FieldPrefix().Match(part) is { Success: true } m ? (m.Groups[1].Value, part[m.Length..]) : (string.Empty, part))
            .ToArray();
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"; (?=(?:spec|metadata)[\w.\[\]]*: )")]
    private static partial System.Text.RegularExpressions.Regex RefusalSeparator();

    [System.Text.RegularExpressions.GeneratedRegex(@"^((?:spec|metadata)[\w.\[\]]*): ")]
    private static partial System.Text.RegularExpressions.Regex FieldPrefix();

    public static ApiRefusal? From(Exception failure)
    {
        if (failure is not HttpOperationException { Response: { } response } || (int)response.StatusCode >= 500)
        {
            return null;
        }

        var code = (int)response.StatusCode;
        var message = response.ReasonPhrase ?? response.StatusCode.ToString();
        var causes = new List<(string, string)>();
        try
        {
            using var document = JsonDocument.Parse(string.IsNullOrEmpty(response.Content) ? "{}" : response.Content);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                if (root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String)
                {
                    message = m.GetString()!;
                }

                if (root.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Object
                    && details.TryGetProperty("causes", out var list) && list.ValueKind == JsonValueKind.Array)
                {
                    foreach (var cause in list.EnumerateArray())
                    {
                        var field = cause.TryGetProperty("field", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString()! : string.Empty;
                        var text = cause.TryGetProperty("message", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : string.Empty;
                        causes.Add((field, text));
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Not a Status body: the reason phrase is what there is.
        }

        return new ApiRefusal(code, message, causes);
    }
}
