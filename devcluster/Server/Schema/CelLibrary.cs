using System.Globalization;
using Cel;

namespace ElasticCompute.DevCluster.Server.Schema;

/// <summary>
/// The CEL environment for x-kubernetes-validations: the Cel package's standard library plus the Kubernetes
/// extensions CRD rules use (the quantity library and a few string functions the package lacks).
/// </summary>
internal static class CelLibrary
{
    public static CelEnvironment Create()
    {
        var environment = new CelEnvironment(null, string.Empty);
        RegisterQuantity(environment);
        RegisterStrings(environment);
        RegisterSize(environment);
        return environment;
    }

    private static void RegisterQuantity(CelEnvironment environment)
    {
        Type[] one = [typeof(Quantity)];
        Type[] two = [typeof(Quantity), typeof(Quantity)];
        environment.RegisterFunction("quantity", [typeof(string)], args => Quantity.Parse((string)args[0]!));
        environment.RegisterFunction("isQuantity", [typeof(string)], args => Quantity.TryParse((string)args[0]!, out _));
        environment.RegisterFunction("compareTo", two, args => (long)Q(args, 0).CompareTo(Q(args, 1)));
        environment.RegisterFunction("isGreaterThan", two, args => Q(args, 0).Value > Q(args, 1).Value);
        environment.RegisterFunction("isLessThan", two, args => Q(args, 0).Value < Q(args, 1).Value);
        environment.RegisterFunction("add", two, args => Sum(Q(args, 0).Value + Q(args, 1).Value));
        environment.RegisterFunction("sub", two, args => Sum(Q(args, 0).Value - Q(args, 1).Value));
        environment.RegisterFunction("sign", one, args => (long)Math.Sign(Q(args, 0).Value));
        environment.RegisterFunction("isInteger", one, args => IsInteger(Q(args, 0).Value));
        environment.RegisterFunction("asApproximateFloat", one, args => (double)Q(args, 0).Value);
        environment.RegisterFunction("asInteger", one, args =>
        {
            var value = Q(args, 0).Value;
            return IsInteger(value)
                ? (object)(long)value
                : throw new InvalidOperationException("cannot convert value to integer");
        });
    }

    private static void RegisterStrings(CelEnvironment environment)
    {
        environment.RegisterFunction("lowerAscii", [typeof(string)], args => ((string)args[0]!).ToLowerInvariant());
        environment.RegisterFunction("upperAscii", [typeof(string)], args => ((string)args[0]!).ToUpperInvariant());
        environment.RegisterFunction("trim", [typeof(string)], args => ((string)args[0]!).Trim());
        environment.RegisterFunction("indexOf", [typeof(string), typeof(string)], args => (long)((string)args[0]!).IndexOf((string)args[1]!, StringComparison.Ordinal));
        environment.RegisterFunction("lastIndexOf", [typeof(string), typeof(string)], args => (long)((string)args[0]!).LastIndexOf((string)args[1]!, StringComparison.Ordinal));
        environment.RegisterFunction("replace", [typeof(string), typeof(string), typeof(string)], args => ((string)args[0]!).Replace((string)args[1]!, (string)args[2]!, StringComparison.Ordinal));
        environment.RegisterFunction("split", [typeof(string), typeof(string)], args => ((string)args[0]!).Split((string)args[1]!).Cast<object?>().ToList());
    }

    /// <summary>CEL's size() is an int (64-bit); the package returns Int32, which string() and friends then refuse.</summary>
    private static void RegisterSize(CelEnvironment environment)
    {
        environment.RegisterFunction("size", [typeof(List<object?>)], args => (long)((List<object?>)args[0]!).Count);
        environment.RegisterFunction("size", [typeof(Dictionary<string, object?>)], args => (long)((Dictionary<string, object?>)args[0]!).Count);
        environment.RegisterFunction("size", [typeof(string)], args => (long)((string)args[0]!).EnumerateRunes().Count());
    }

    private static Quantity Q(object?[] args, int index) => args[index] as Quantity
        ?? throw new InvalidOperationException("no such overload: expected a quantity");

    private static bool IsInteger(decimal value) => decimal.Truncate(value) == value && value is >= long.MinValue and <= long.MaxValue;

    private static Quantity Sum(decimal value) => new(value, value.ToString(CultureInfo.InvariantCulture));
}
