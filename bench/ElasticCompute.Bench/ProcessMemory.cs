using System.Globalization;

namespace ElasticCompute.Bench;

/// <summary>A process's resident set from /proc (what a container's memory limit counts), and what it is made of.</summary>
internal static class ProcessMemory
{
    public static double ResidentMiB(int pid) => Read(pid).Resident;

    /// <summary>
    /// Resident set in MiB: anonymous (heaps, native allocations), shared memory (the runtime maps JIT-compiled code
    /// twice, writable and executable, through a memfd), and file-backed (the mapped assemblies and native libraries:
    /// clean pages the kernel can drop and reload, the same for any number of cached objects).
    /// </summary>
    public static ResidentSet Read(int pid)
    {
        double Field(string name) =>
            File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(name + ":", StringComparison.Ordinal)) is { } line
                ? double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024
                : double.NaN;
        return new ResidentSet(Field("VmRSS"), Field("RssAnon"), Field("RssShmem"), Field("RssFile"));
    }

    internal sealed record ResidentSet(double Resident, double Anonymous, double Shared, double Files)
    {
        /// <summary>What the process itself allocated (heaps, native memory, JIT code); the part that grows with the caches.</summary>
        public double Private => Anonymous + Shared;

        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"{Resident:F0} MiB (private {Private:F0}: anon {Anonymous:F0} + jit {Shared:F0}; mapped files {Files:F0})");
    }
}
