using System.Globalization;
using ElasticCompute.Api;
using ElasticCompute.Api.Machines;
using ElasticCompute.Api.Policy;
using ElasticCompute.Api.Recommendation;
using ElasticCompute.Api.Validation;
using ElasticCompute.Portal.Cluster;
using FluentValidation.Results;
using k8s.Models;

namespace ElasticCompute.Portal.Machines;

/// <summary>
/// Turns the create form into a machine and judges it with the shared rules (the ones the webhooks apply), and works
/// out what the page shows: plans, the disk recommended for the chosen size, and whether it fits now.
/// </summary>
internal sealed class CreatePlanner
{
    private static readonly string[] Adjectives = ["amber", "brisk", "calm", "deft", "eager", "fair", "keen", "lucid", "mellow", "noble", "quiet", "rapid", "solid", "tidy", "vivid", "warm"];
    private static readonly string[] Nouns = ["birch", "cedar", "comet", "delta", "ember", "fjord", "harbor", "lark", "maple", "nova", "orbit", "pine", "quartz", "river", "summit", "willow"];

    private readonly IStorageRecommender recommender = ElasticComputeApi.CreateRecommender();
    private readonly IElasticMachineValidator validator;
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<EffectivePolicy, IReadOnlyList<MachinePreset>> presets = new();

    public CreatePlanner()
    {
        validator = ElasticComputeApi.CreateValidator(recommender);
    }

    public IElasticMachineValidator Validator => validator;

    /// <summary>The instancetype shapes the policy's own rules accept, smallest first; judged once per policy (the reader keeps one instance per version).</summary>
    public IReadOnlyList<MachinePreset> Presets(EffectivePolicy policy) => presets.GetValue(policy, JudgePresets);

    private IReadOnlyList<MachinePreset> JudgePresets(EffectivePolicy policy) =>
        policy.InstanceTypes.All
            .OrderBy(t => t.Cpu).ThenBy(t => t.MemoryBytes)
            .Where(t => !validator.ValidateCreate(Machine("preset", "preset", t.Cpu, Api.Quantities.Quantity.FromBytes(t.MemoryBytes), null, null, []), policy).Errors
                .Any(e => e.PropertyName is "spec.cpu" or "spec.memory"))
            .Select(t => new MachinePreset(t.Name, t.Cpu, t.MemoryBytes))
            .ToArray();

    /// <summary>The size the form asks for: a preset's, or the custom vCPU and memory; nulls where the text is no number.</summary>
    public static (int? Cpu, decimal? MemoryBytes) SizeOf(CreateForm form, IReadOnlyList<MachinePreset> presets)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (form.Plan != CreateForm.CustomPlan && presets.FirstOrDefault(p => p.Name == form.Plan) is { } preset)
        {
            return (preset.Cpu, preset.MemoryBytes);
        }

        int? cpu = int.TryParse(form.Cpu, NumberStyles.Integer, CultureInfo.InvariantCulture, out var c) ? c : null;
        decimal? memory = Sizes.FromGi(form.MemoryGi) is { } q && q.TryGetValue(out var bytes) ? bytes : null;
        return (cpu, memory);
    }

    public CreatePlan Plan(CreateForm form, PolicySnapshot snapshot, IReadOnlyList<ElasticMachine> tenantMachines, string tenant)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var policy = snapshot.Policy;
        var presets = Presets(policy);
        var (cpu, memory) = SizeOf(form, presets);
        StorageRecommendation? recommendation = null;
        FitCheck? fit = null;
        if (cpu is { } c && memory is { } m && c > 0)
        {
            recommendation = recommender.Recommend(new MachineSize(c, m), ImageOf(form, policy), policy);
            var disk = form.Disk == CreateForm.ChosenDisk && Sizes.FromGi(form.DiskGi) is { } chosen && chosen.TryGetValue(out var d) ? d : recommendation.SizeBytes;
            fit = Fit(c, m, disk, snapshot, tenantMachines, tenant);
        }

        return new CreatePlan(presets, policy.CpuSizes, policy.MemoryMin, policy.MemoryMax, policy.MemoryStep, policy.GoldenImages, cpu, memory, recommendation, fit);
    }

    /// <summary>The machine the form describes, with the failures of the form's own fields (a number that is none) and of the shared rules.</summary>
    public (ElasticMachine Machine, IReadOnlyList<(string Field, string Message)> Problems) Build(CreateForm form, string tenant, EffectivePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(form);
        var problems = new List<(string, string)>();
        var presets = Presets(policy);
        var (cpu, memoryBytes) = SizeOf(form, presets);
        var custom = form.Plan == CreateForm.CustomPlan || presets.All(p => p.Name != form.Plan);
        if (string.IsNullOrEmpty(form.Plan))
        {
            problems.Add(("Plan", "choose a plan, or Custom with vCPUs and memory"));
        }
        else if (custom)
        {
            if (cpu is null)
            {
                problems.Add(("Cpu", $"\"{form.Cpu}\" is not a whole number of vCPUs; choose one of {string.Join(", ", policy.CpuSizes)}"));
            }

            if (memoryBytes is null)
            {
                problems.Add(("MemoryGi", $"\"{form.MemoryGi}\" is not a number of GiB, for example 4 or 1.5"));
            }
        }

        Api.Quantities.Quantity? disk = null;
        if (form.Disk == CreateForm.ChosenDisk)
        {
            disk = Sizes.FromGi(form.DiskGi);
            if (disk is null)
            {
                problems.Add(("DiskGi", $"\"{form.DiskGi}\" is not a number of GiB, for example 80"));
            }
        }

        var keys = form.SavedKeys.Where(k => !string.IsNullOrWhiteSpace(k)).Select(k => k.Trim()).ToList();
        if (!string.IsNullOrWhiteSpace(form.SshKey))
        {
            keys.Insert(0, form.SshKey.Trim());
        }

        var memory = memoryBytes is { } mb ? Api.Quantities.Quantity.FromBytes(mb) : (Api.Quantities.Quantity?)null;
        var machine = Machine(form.Name?.Trim() ?? string.Empty, tenant, cpu ?? (custom ? null : 0), memory, ImageOf(form, policy), disk, keys.Distinct(StringComparer.Ordinal).ToArray());
        if (problems.Count == 0)
        {
            var field = custom ? null : "Plan";
            problems.AddRange(validator.ValidateCreate(machine, policy).Errors.Select(e => (FieldOf(e, field), e.ErrorMessage)));
        }

        return (machine, problems);
    }

    /// <summary>A free name like "calm-river-42" that none of the tenant's machines has.</summary>
    public static string SuggestName(IReadOnlyCollection<string> taken)
    {
        for (var i = 0; ; i++)
        {
            var name = $"{Adjectives[Random.Shared.Next(Adjectives.Length)]}-{Nouns[Random.Shared.Next(Nouns.Length)]}-{Random.Shared.Next(10, 100)}";
            if (!taken.Contains(name) || i > 50)
            {
                return name;
            }
        }
    }

    /// <summary>The form field a rule's field path belongs to.</summary>
    public static string FieldOf(string path, string? sizeField = null) => path switch
    {
        "metadata.name" => "Name",
        "spec.cpu" => sizeField ?? "Cpu",
        "spec.memory" => sizeField ?? "MemoryGi",
        "spec" or "spec.instanceType" => sizeField ?? "Plan",
        _ when path.StartsWith("spec.storage", StringComparison.Ordinal) => "DiskGi",
        _ when path.StartsWith("spec.image", StringComparison.Ordinal) => "Image",
        _ when path.StartsWith("spec.sshKeys", StringComparison.Ordinal) => "SshKey",
        _ => string.Empty,
    };

    private static string FieldOf(ValidationFailure failure, string? sizeField) => FieldOf(failure.PropertyName, sizeField);

    private static MachineImage ImageOf(CreateForm form, EffectivePolicy policy) =>
        string.IsNullOrWhiteSpace(form.Image) ? policy.DefaultImage : new MachineImage { DataSource = form.Image };

    private static ElasticMachine Machine(string name, string tenant, int? cpu, Api.Quantities.Quantity? memory, MachineImage? image, Api.Quantities.Quantity? disk, IList<string> keys) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = tenant },
        Spec = new ElasticMachineSpec
        {
            Cpu = cpu,
            Memory = memory,
            Image = image,
            Storage = disk is null ? null : new MachineStorage { Size = disk },
            SshKeys = keys.Count == 0 ? null : keys,
        },
    };

    private static FitCheck Fit(int cpu, decimal memory, decimal disk, PolicySnapshot snapshot, IReadOnlyList<ElasticMachine> machines, string tenant)
    {
        var lines = new List<string>();
        var usage = TenantUsage.Of(machines, snapshot.Policy);
        var fitsQuota = true;
        if (snapshot.Policy.QuotaFor(tenant) is { } quota)
        {
            void Check(string what, decimal used, decimal asked, decimal? limit, Func<decimal, string> format)
            {
                if (limit is not { } max)
                {
                    return;
                }

                var fits = used + asked <= max;
                fitsQuota &= fits;
                lines.Add(fits
                    ? $"Quota {what}: {format(used)} of {format(max)} used; this takes {format(asked)}."
                    : $"Quota {what}: {format(used)} of {format(max)} used; this needs {format(asked)}, {format(used + asked - max)} more than is left.");
            }

            Check("machines", usage.Machines, 1, quota.MaxMachines, v => v.ToString("0", CultureInfo.InvariantCulture));
            Check("vCPU", usage.Cpu, cpu, quota.MaxCpu, v => v.ToString("0", CultureInfo.InvariantCulture));
            Check("memory", usage.MemoryBytes, memory, quota.MaxMemory is { } mm && mm.TryGetValue(out var mmv) ? mmv : null, Sizes.Bytes);
            Check("disk", usage.StorageBytes, disk, quota.MaxStorage is { } ms && ms.TryGetValue(out var msv) ? msv : null, Sizes.Bytes);
        }
        else
        {
            lines.Add("The tenant has no quota.");
        }

        var fitsRoom = true;
        var pool = snapshot.Status?.Pools?.FirstOrDefault(p => p.Name == snapshot.Policy.DefaultPool.Name);
        if (pool?.LargestFreeSlot is { } slot)
        {
            var slotMemory = slot.Memory is { } sm && sm.TryGetValue(out var smv) ? smv : 0;
            fitsRoom = (slot.Cpu ?? 0) >= cpu && slotMemory >= memory;
            lines.Add(fitsRoom
                ? $"Room: the freest node has {slot.Cpu} vCPU and {Sizes.Bytes(slotMemory)} free."
                : $"Room: no node has {cpu} vCPU and {Sizes.Bytes(memory)} free now (the freest has {slot.Cpu} vCPU and {Sizes.Bytes(slotMemory)}).");
        }

        if (pool?.Storage?.Free is { } free && free.TryGetValue(out var freeBytes) && freeBytes < disk)
        {
            fitsRoom = false;
            lines.Add($"Room: the pool's storage has {Sizes.Bytes(freeBytes)} free, less than the {Sizes.Bytes(disk)} disk.");
        }

        return new FitCheck(fitsQuota, fitsRoom, lines);
    }
}
