namespace ElasticCompute.Api.Validation;

/// <summary>Machine-readable names of the rules (a failure's ErrorCode).</summary>
public static class RuleCodes
{
    public const string Required = "Required";
    public const string InvalidName = "InvalidName";
    public const string TooLong = "TooLong";
    public const string SizingForm = "SizingForm";
    public const string InvalidQuantity = "InvalidQuantity";
    public const string NotAllowedSize = "NotAllowedSize";
    public const string BelowMinimum = "BelowMinimum";
    public const string AboveMaximum = "AboveMaximum";
    public const string NotAMultiple = "NotAMultiple";
    public const string Ratio = "Ratio";
    public const string UnknownInstanceType = "UnknownInstanceType";
    public const string UnknownPool = "UnknownPool";
    public const string ImageSource = "ImageSource";
    public const string InvalidUrl = "InvalidUrl";
    public const string InvalidSshKey = "InvalidSshKey";
    public const string Duplicate = "Duplicate";
    public const string TooMany = "TooMany";
    public const string Immutable = "Immutable";
    public const string Shrink = "Shrink";
}
