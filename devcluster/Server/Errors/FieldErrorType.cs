namespace ElasticCompute.DevCluster.Server.Errors;

/// <summary>k8s.io/apimachinery/pkg/util/validation/field ErrorType, with the reason a Status cause carries.</summary>
public enum FieldErrorType
{
    /// <summary>FieldValueRequired: "Required value".</summary>
    Required,

    /// <summary>FieldValueInvalid: "Invalid value".</summary>
    Invalid,

    /// <summary>FieldValueNotSupported: "Unsupported value".</summary>
    NotSupported,

    /// <summary>FieldValueTooLong: "Too long".</summary>
    TooLong,

    /// <summary>FieldValueTooMany: "Too many".</summary>
    TooMany,

    /// <summary>FieldValueForbidden: "Forbidden".</summary>
    Forbidden,

    /// <summary>FieldValueDuplicate: "Duplicate value".</summary>
    Duplicate,
}
