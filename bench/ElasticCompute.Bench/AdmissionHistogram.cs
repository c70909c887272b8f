using System.Globalization;
using System.Text.RegularExpressions;

namespace ElasticCompute.Bench;

/// <summary>
/// elasticcompute_webhook_admission_duration_seconds read off the operator's /metrics, summed over its labels:
/// cumulative counts per bucket bound, so that two readings subtract and quantiles interpolate as Prometheus's
/// histogram_quantile does.
/// </summary>
internal sealed partial record AdmissionHistogram(SortedDictionary<double, double> Buckets)
{
    public double Count => Buckets.Count == 0 ? 0 : Buckets[double.PositiveInfinity];

    public static AdmissionHistogram Parse(string metrics)
    {
        var buckets = new SortedDictionary<double, double>();
        foreach (Match m in BucketLine().Matches(metrics))
        {
            var le = m.Groups["le"].Value == "+Inf" ? double.PositiveInfinity : double.Parse(m.Groups["le"].Value, CultureInfo.InvariantCulture);
            buckets[le] = buckets.GetValueOrDefault(le) + double.Parse(m.Groups["count"].Value, CultureInfo.InvariantCulture);
        }

        return new AdmissionHistogram(buckets);
    }

    public AdmissionHistogram Minus(AdmissionHistogram earlier) =>
        new(new SortedDictionary<double, double>(Buckets.ToDictionary(b => b.Key, b => b.Value - earlier.Buckets.GetValueOrDefault(b.Key))));

    /// <summary>The share of observations at or under a bucket bound.</summary>
    public double FractionWithin(double bound) =>
        Buckets.TryGetValue(bound, out var within) ? within / Count : throw new ArgumentException($"{bound} s is not a bucket bound of the histogram", nameof(bound));

    public double Quantile(double q)
    {
        var rank = q * Count;
        var lower = 0.0;
        var below = 0.0;
        foreach (var (bound, cumulative) in Buckets)
        {
            if (cumulative >= rank)
            {
                return double.IsPositiveInfinity(bound) ? lower : lower + ((bound - lower) * (rank - below) / Math.Max(1, cumulative - below));
            }

            (lower, below) = (bound, cumulative);
        }

        return lower;
    }

    [GeneratedRegex("""^elasticcompute_webhook_admission_duration_seconds_bucket\{[^}]*le="(?<le>[^"]+)"[^}]*\} (?<count>\S+)""", RegexOptions.Multiline)]
    private static partial Regex BucketLine();
}
