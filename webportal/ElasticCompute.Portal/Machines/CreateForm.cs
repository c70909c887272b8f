namespace ElasticCompute.Portal.Machines;

/// <summary>The create form's values exactly as the person typed them, so a refused form comes back with every value kept.</summary>
public sealed class CreateForm
{
    public const string CustomPlan = "custom";
    public const string RecommendedDisk = "recommended";
    public const string ChosenDisk = "chosen";

    public string? Name { get; set; }

    /// <summary>A preset's name, or "custom" for <see cref="Cpu"/> and <see cref="MemoryGi"/>.</summary>
    public string? Plan { get; set; }

    public string? Cpu { get; set; }

    public string? MemoryGi { get; set; }

    public string? Image { get; set; }

    /// <summary>"recommended" or "chosen" (then <see cref="DiskGi"/>).</summary>
    public string? Disk { get; set; }

    public string? DiskGi { get; set; }

    public string? SshKey { get; set; }

    public bool SaveSshKey { get; set; }

    public IList<string> SavedKeys { get; set; } = [];
}
