using System.Text.Json.Nodes;

namespace ElasticCompute.DevCluster.Server.Errors;

/// <summary>
/// One field error, as the real API server reports it (field.Error): the path, the kind of error, the
/// offending value and a detail. <see cref="ToString"/> gives the exact text kubectl prints, for example
/// <c>spec.cpu: Invalid value: 0: spec.cpu in body should be greater than or equal to 1</c>.
/// </summary>
public sealed record FieldError(string Field, FieldErrorType Type, string Detail, JsonNode? BadValue = null, bool HasBadValue = false)
{
    public static FieldError Required(string field, string detail = "") => new(field, FieldErrorType.Required, detail);

    public static FieldError Invalid(string field, JsonNode? value, string detail) => new(field, FieldErrorType.Invalid, detail, value?.DeepClone(), true);

    public static FieldError NotSupported(string field, JsonNode? value, IEnumerable<string> supported) =>
        new(field, FieldErrorType.NotSupported, "supported values: " + string.Join(", ", supported.Select(s => $"\"{s}\"")), value?.DeepClone(), true);

    public static FieldError Forbidden(string field, string detail) => new(field, FieldErrorType.Forbidden, detail);

    public static FieldError TooLong(string field, JsonNode? value, int max) =>
        new(field, FieldErrorType.TooLong, $"may not be more than {max} bytes", value?.DeepClone(), false);

    public static FieldError TooMany(string field, int actual, int max) =>
        new(field, FieldErrorType.TooMany, $"must have at most {max} items", JsonValue.Create(actual), true);

    public static FieldError Duplicate(string field, JsonNode? value) => new(field, FieldErrorType.Duplicate, string.Empty, value?.DeepClone(), true);

    /// <summary>The Status cause reason: FieldValueRequired, FieldValueInvalid, ...</summary>
    public string Reason => Type switch
    {
        FieldErrorType.Required => "FieldValueRequired",
        FieldErrorType.Invalid => "FieldValueInvalid",
        FieldErrorType.NotSupported => "FieldValueNotSupported",
        FieldErrorType.TooLong => "FieldValueTooLong",
        FieldErrorType.TooMany => "FieldValueTooMany",
        FieldErrorType.Forbidden => "FieldValueForbidden",
        FieldErrorType.Duplicate => "FieldValueDuplicate",
        _ => "FieldValueInvalid",
    };

    /// <summary>The message without the field path: "Invalid value: 0: ...".</summary>
    public string Message
    {
        get
        {
            var text = Type switch
            {
                FieldErrorType.Required => "Required value",
                FieldErrorType.Invalid => "Invalid value",
                FieldErrorType.NotSupported => "Unsupported value",
                FieldErrorType.TooLong => "Too long",
                FieldErrorType.TooMany => "Too many",
                FieldErrorType.Forbidden => "Forbidden",
                FieldErrorType.Duplicate => "Duplicate value",
                _ => "Invalid value",
            };
            if (HasBadValue)
            {
                text += ": " + (BadValue?.ToJsonString() ?? "null");
            }

            return string.IsNullOrEmpty(Detail) ? text : $"{text}: {Detail}";
        }
    }

    public override string ToString() => $"{Field}: {Message}";
}
