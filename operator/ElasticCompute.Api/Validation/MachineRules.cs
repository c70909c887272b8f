using System.Globalization;
using System.Text.RegularExpressions;
using ElasticCompute.Api.Machines;
using ElasticCompute.Api.Quantities;
using ElasticCompute.Api.Recommendation;
using ElasticCompute.Api.Schema;
using FluentValidation;
using FluentValidation.Results;

namespace ElasticCompute.Api.Validation;

/// <summary>
/// The ElasticMachine rules. Stateless (the policy travels in the request), so one instance serves every
/// request at once. On update, the field rules run only for fields that changed (ratcheting, as the API
/// server does for CRD validation), and the update rules guard what may never change.
/// </summary>
internal sealed partial class MachineRules : AbstractValidator<MachineValidationRequest>
{
    private const string LabelRule = "use at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit";
    private const string SubdomainRule = "use lower-case letters, digits, '-' and '.', starting and ending with a letter or digit";
    private const string QuantityExamples = "for example 512Mi, 4Gi or 1.5Gi";

    private readonly IStorageRecommender recommender;

    public MachineRules(IStorageRecommender recommender)
    {
        this.recommender = recommender;
        ClassLevelCascadeMode = CascadeMode.Continue;
        RuleLevelCascadeMode = CascadeMode.Stop;

        RuleFor(r => r.Machine.Metadata.Name)
            .NotEmpty().WithMessage("is required").WithErrorCode(RuleCodes.Required)
            .MaximumLength(DnsNames.LabelMaxLength)
                .WithMessage((_, name) => $"is {name!.Length} characters, more than the {DnsNames.LabelMaxLength} allowed")
                .WithErrorCode(RuleCodes.TooLong)
            .Must(DnsNames.IsLabel).WithMessage((_, name) => $"\"{name}\" is not a valid name: {LabelRule}")
                .WithErrorCode(RuleCodes.InvalidName)
            .OverridePropertyName("metadata.name")
            .When(r => !r.IsUpdate);

        RuleFor(r => r).Custom(SizingForm);
        RuleFor(r => r).Custom(Cpu).When(r => r.Changed(s => s.Cpu));
        RuleFor(r => r).Custom(Memory).When(r => r.Changed(s => s.Memory) || r.Changed(s => s.Cpu));
        RuleFor(r => r).Custom(InstanceType).When(r => r.Changed(s => s.InstanceType));
        RuleFor(r => r).Custom(Pool).When(r => r.Changed(s => s.Pool));
        RuleFor(r => r).Custom(StorageSize).When(r => r.Changed(s => s.Storage?.Size));
        RuleFor(r => r).Custom(StorageClass).When(r => r.Changed(s => s.Storage?.StorageClassName));
        RuleFor(r => r).Custom(Image).When(r => !r.IsUpdate);
        RuleFor(r => r).Custom(SshKeys).When(r => r.Changed(s => string.Join('\n', s.SshKeys ?? [])));
        RuleFor(r => r).Custom(UserDataSecret).When(r => r.Changed(s => s.UserDataSecretRef));
        RuleFor(r => r).Custom(Immutables).When(r => r.IsUpdate);
    }

    private static void SizingForm(MachineValidationRequest r, ValidationContext<MachineValidationRequest> ctx)
    {
        var spec = r.Spec;
        var hasType = spec.InstanceType is not null;
        var (hasCpu, hasMemory) = (spec.Cpu is not null, spec.Memory is not null);
        if (!hasType && !hasCpu && !hasMemory)
        {
            Fail(ctx, "spec", RuleCodes.SizingForm, "set either cpu and memory, or instanceType");
        }
        else if (hasType && (hasCpu || hasMemory))
        {
            Fail(ctx, "spec.instanceType", RuleCodes.SizingForm, "cannot be combined with spec.cpu or spec.memory; choose one form");
        }
        else if (hasCpu && !hasMemory)
        {
            Fail(ctx, "spec.memory", RuleCodes.Required, "is required when spec.cpu is set");
        }
        else if (hasMemory && !hasCpu)
        {
            Fail(ctx, "spec.cpu", RuleCodes.Required, "is required when spec.memory is set");
        }
    }

    private static void Cpu(MachineValidationRequest r, ValidationContext<MachineValidationRequest> ctx)
    {
        if (r.Spec.Cpu is not { } cpu)
        {
            return;
        }

        var sizes = r.Policy.CpuSizes;
        if (cpu < sizes[0])
        {
            Fail(ctx, "spec.cpu", RuleCodes.BelowMinimum, $"{cpu} is below the smallest allowed size {sizes[0]}");
        }
        else if (cpu > sizes[^1])
        {
            Fail(ctx, "spec.cpu", RuleCodes.AboveMaximum, $"{cpu} is above the largest allowed size {sizes[^1]}");
        }
        else if (!sizes.Contains(cpu))
        {
            Fail(ctx, "spec.cpu", RuleCodes.NotAllowedSize, $"{cpu} is not an allowed size; choose one of {string.Join(", ", sizes)}");
        }
    }

    private static void Memory(MachineValidationRequest r, ValidationContext<MachineValidationRequest> ctx)
    {
        if (r.Spec.Memory is not { } memory)
        {
            return;
        }

        const string path = "spec.memory";
        var policy = r.Policy;
        if (!memory.TryGetValue(out var bytes))
        {
            Fail(ctx, path, RuleCodes.InvalidQuantity, $"\"{memory.Value}\" is not a valid quantity ({QuantityExamples})");
        }
        else if (bytes < policy.MemoryMin)
        {
            Fail(ctx, path, RuleCodes.BelowMinimum, $"{memory.Value} is below the smallest allowed size {Format(policy.MemoryMin)}");
        }
        else if (bytes > policy.MemoryMax)
        {
            Fail(ctx, path, RuleCodes.AboveMaximum, $"{memory.Value} is above the largest allowed size {Format(policy.MemoryMax)}");
        }
        else if (bytes % policy.MemoryStep != 0)
        {
            Fail(ctx, path, RuleCodes.NotAMultiple, $"{memory.Value} is not a multiple of {Format(policy.MemoryStep)}");
        }
        else if (r.Spec.Cpu is { } cpu && cpu > 0)
        {
            var perCpu = bytes / cpu;
            if (perCpu < policy.MemoryPerCpuMin)
            {
                Fail(ctx, path, RuleCodes.Ratio,
                    $"{memory.Value} for {cpu} vCPU is {Approx(perCpu)} per vCPU, below the smallest allowed ratio {Format(policy.MemoryPerCpuMin)} per vCPU");
            }
            else if (perCpu > policy.MemoryPerCpuMax)
            {
                Fail(ctx, path, RuleCodes.Ratio,
                    $"{memory.Value} for {cpu} vCPU is {Approx(perCpu)} per vCPU, above the largest allowed ratio {Format(policy.MemoryPerCpuMax)} per vCPU");
            }
        }
    }

    private static void InstanceType(MachineValidationRequest r, ValidationContext<MachineValidationRequest> ctx)
    {
        if (r.Spec.InstanceType is { } name && !r.Policy.InstanceTypes.TryGet(name, out _))
        {
            Fail(ctx, "spec.instanceType", RuleCodes.UnknownInstanceType,
                $"\"{name}\" is not an available instance type; choose one of {string.Join(", ", r.Policy.InstanceTypes.Names)}");
        }
    }

    private static void Pool(MachineValidationRequest r, ValidationContext<MachineValidationRequest> ctx)
    {
        if (r.Spec.Pool is { } pool && !r.Policy.TryGetPool(pool, out _))
        {
            Fail(ctx, "spec.pool", RuleCodes.UnknownPool,
                $"\"{pool}\" is not a pool of the platform policy; choose one of {string.Join(", ", r.Policy.Pools.Select(p => p.Name))}");
        }
    }

    private void StorageSize(MachineValidationRequest r, ValidationContext<MachineValidationRequest> ctx)
    {
        if (r.Spec.Storage?.Size is not { } size)
        {
            return;
        }

        const string path = "spec.storage.size";
        var limits = recommender.Limits(r.Spec.Image, r.Policy);
        if (!size.TryGetValue(out var bytes))
        {
            Fail(ctx, path, RuleCodes.InvalidQuantity, $"\"{size.Value}\" is not a valid quantity (for example 25Gi, 80Gi or 1Ti)");
        }
        else if (bytes != decimal.Truncate(bytes))
        {
            Fail(ctx, path, RuleCodes.InvalidQuantity, $"{size.Value} is not a whole number of bytes");
        }
        else if (bytes < limits.MinimumBytes)
        {
            var why = limits.MinimumReason is null ? string.Empty : $" ({limits.MinimumReason})";
            Fail(ctx, path, RuleCodes.BelowMinimum, $"{size.Value} is below the smallest allowed disk {Format(limits.MinimumBytes)}{why}");
        }
        else if (bytes > limits.MaximumBytes)
        {
            Fail(ctx, path, RuleCodes.AboveMaximum, $"{size.Value} is above the largest allowed disk {Format(limits.MaximumBytes)}");
        }
    }

    private static void StorageClass(MachineValidationRequest r, ValidationContext<MachineValidationRequest> ctx) =>
        Subdomain(ctx, "spec.storage.storageClassName", r.Spec.Storage?.StorageClassName);

    private static void Image(MachineValidationRequest r, ValidationContext<MachineValidationRequest> ctx)
    {
        if (r.Spec.Image is not { } image)
        {
            return;
        }

        var sources = new List<string>(4);
        if (image.DataSource is not null)
        {
            sources.Add("dataSource");
        }

        if (image.Registry is not null)
        {
            sources.Add("registry");
        }

        if (image.Http is not null)
        {
            sources.Add("http");
        }

        if (image.Blank == true)
        {
            sources.Add("blank");
        }

        if (sources.Count != 1)
        {
            var found = sources.Count == 0 ? "none" : string.Join(" and ", sources);
            Fail(ctx, "spec.image", RuleCodes.ImageSource, $"set exactly one of dataSource, registry, http or blank (found {found})");
            return;
        }

        if (image.DataSource is { } dataSource && !IsDataSourceName(dataSource))
        {
            Fail(ctx, "spec.image.dataSource", RuleCodes.InvalidName,
                $"\"{dataSource}\" is not a valid DataSource name; use name or namespace/name, with {SubdomainRule}");
        }
        else if (image.Registry is { } registry && !RegistryUrlRegex().IsMatch(registry))
        {
            Fail(ctx, "spec.image.registry", RuleCodes.InvalidUrl,
                $"\"{registry}\" is not a registry URL; use docker://host/repository[:tag] or oci-archive://path");
        }
        else if (image.Http is { } http)
        {
            if (!Uri.TryCreate(http, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host) || http.Any(char.IsWhiteSpace))
            {
                Fail(ctx, "spec.image.http", RuleCodes.InvalidUrl, $"\"{http}\" is not a well-formed URL");
            }
            else if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            {
                Fail(ctx, "spec.image.http", RuleCodes.InvalidUrl, $"\"{http}\" must be an http or https URL");
            }
        }
    }

    private static void SshKeys(MachineValidationRequest r, ValidationContext<MachineValidationRequest> ctx)
    {
        if (r.Spec.SshKeys is not { } keys)
        {
            return;
        }

        const int most = 32;
        if (keys.Count > most)
        {
            Fail(ctx, "spec.sshKeys", RuleCodes.TooMany, $"{keys.Count} keys is more than the {most} allowed");
            return;
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < keys.Count; i++)
        {
            var path = $"spec.sshKeys[{i}]";
            if (!SshPublicKey.TryParse(keys[i], out _, out var error))
            {
                Fail(ctx, path, RuleCodes.InvalidSshKey, error);
                continue;
            }

            // The same key with another comment is still the same key.
            var material = string.Join(' ', keys[i].Trim().Split([' ', '\t'], 3, StringSplitOptions.RemoveEmptyEntries).Take(2));
            if (seen.TryGetValue(material, out var first))
            {
                Fail(ctx, path, RuleCodes.Duplicate, $"duplicates spec.sshKeys[{first}]");
            }
            else
            {
                seen[material] = i;
            }
        }
    }

    private static void UserDataSecret(MachineValidationRequest r, ValidationContext<MachineValidationRequest> ctx)
    {
        if (r.Spec.UserDataSecretRef is not { } secret)
        {
            return;
        }

        if (string.IsNullOrEmpty(secret.Name))
        {
            Fail(ctx, "spec.userDataSecretRef.name", RuleCodes.Required, "is required");
        }
        else
        {
            Subdomain(ctx, "spec.userDataSecretRef.name", secret.Name);
        }
    }

    private static void Immutables(MachineValidationRequest r, ValidationContext<MachineValidationRequest> ctx)
    {
        var (current, updated) = (r.CurrentSpec!, r.Spec);
        if ((current.InstanceType is null) != (updated.InstanceType is null))
        {
            Fail(ctx, "spec", RuleCodes.Immutable, "cannot switch between instanceType and cpu/memory after creation");
        }

        if (current.Pool != updated.Pool)
        {
            Fail(ctx, "spec.pool", RuleCodes.Immutable, $"is immutable after creation (it is {Quoted(current.Pool)})");
        }

        if (current.Image != updated.Image)
        {
            Fail(ctx, "spec.image", RuleCodes.Immutable, $"is immutable after creation (it is {Describe(current.Image)})");
        }

        if (current.Storage?.StorageClassName != updated.Storage?.StorageClassName)
        {
            Fail(ctx, "spec.storage.storageClassName", RuleCodes.Immutable,
                $"is immutable after creation (it is {Quoted(current.Storage?.StorageClassName)})");
        }

        if (current.Storage?.Size is { } before)
        {
            if (updated.Storage?.Size is not { } after)
            {
                Fail(ctx, "spec.storage.size", RuleCodes.Required, $"cannot be removed once set (it is {before.Value})");
            }
            else if (before.TryGetValue(out var was) && after.TryGetValue(out var now) && now < was)
            {
                Fail(ctx, "spec.storage.size", RuleCodes.Shrink, $"cannot shrink from {before.Value} to {after.Value}; disks only grow");
            }
        }
    }

    private static void Subdomain(ValidationContext<MachineValidationRequest> ctx, string path, string? value)
    {
        if (value is null)
        {
            return;
        }

        if (value.Length > DnsNames.SubdomainMaxLength)
        {
            Fail(ctx, path, RuleCodes.TooLong, $"is {value.Length} characters, more than the {DnsNames.SubdomainMaxLength} allowed");
        }
        else if (!DnsNames.IsSubdomain(value))
        {
            Fail(ctx, path, RuleCodes.InvalidName, $"\"{value}\" is not a valid name: {SubdomainRule}");
        }
    }

    private static bool IsDataSourceName(string value)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        return slash < 0
            ? DnsNames.IsSubdomain(value)
            : DnsNames.IsLabel(value[..slash]) && DnsNames.IsSubdomain(value[(slash + 1)..]);
    }

    private static string Describe(MachineImage? image) => image switch
    {
        null => "unset",
        { DataSource: { } d } => $"dataSource {d}",
        { Registry: { } g } => $"registry {g}",
        { Http: { } h } => $"http {h}",
        { Blank: true } => "blank",
        _ => "empty",
    };

    private static string Quoted(string? value) => value is null ? "unset" : $"\"{value}\"";

    private static string Format(decimal bytes) => QuantityFormatter.Format(bytes);

    private static string Approx(decimal bytes) => QuantityFormatter.FormatApproximate(bytes);

    private static void Fail(ValidationContext<MachineValidationRequest> ctx, string path, string code, string message) =>
        ctx.AddFailure(new ValidationFailure(path, message) { ErrorCode = code, AttemptedValue = null });

    [GeneratedRegex(
        @"^(docker://([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)*(:[0-9]{1,5})?/)?[a-z0-9]+([._-]+[a-z0-9]+)*(/[a-z0-9]+([._-]+[a-z0-9]+)*)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?|oci-archive:///?[^\s]+)$",
        RegexOptions.CultureInvariant)]
    private static partial Regex RegistryUrlRegex();
}
