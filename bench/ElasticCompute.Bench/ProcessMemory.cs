using System.Globalization;

namespace ElasticCompute.Bench;

/// <summary>A process's resident set, from /proc (what a container's memory limit counts).</summary>
internal static class ProcessMemory
{
    public static double ResidentMiB(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
            }
        }

        return double.NaN;
    }
}
