using ElasticCompute.Api.Machines;
using ElasticCompute.Portal.Accounts;
using ElasticCompute.Portal.Cluster;
using ElasticCompute.Portal.Machines;
using ElasticCompute.Portal.Tenancy;
using Microsoft.AspNetCore.Mvc;

namespace ElasticCompute.Portal.Pages.Tenants;

/// <summary>
/// Create: a plan, the disk recommended for it (or a chosen size), an image, SSH keys and a name. Checked with the
/// shared rules before it is sent; what the API server refuses comes back next to its field with every value kept.
/// </summary>
internal sealed class CreateModel(MachineStore machines, PolicyReader policies, CreatePlanner planner, AccountService accountService, IAccountStore accounts) : TenantPageModel
{
    [BindProperty]
    public CreateForm Form { get; set; } = new();

    public CreatePlan? Plan { get; private set; }

    public IReadOnlyList<string> SavedKeys { get; private set; } = [];

    /// <summary>Problems by form field ("" for the form as a whole).</summary>
    public Dictionary<string, List<string>> Errors { get; } = new(StringComparer.Ordinal);

    public async Task OnGetAsync()
    {
        var (snapshot, list) = await LoadAsync();
        Form.Name = CreatePlanner.SuggestName(list.Select(m => m.Metadata.Name).ToHashSet(StringComparer.Ordinal));
        var presets = planner.Presets(snapshot.Policy);
        Form.Plan = presets.FirstOrDefault(p => p.Cpu == 2 && p.MemoryBytes == 4m * Api.Quantities.Quantity.Gi)?.Name ?? (presets.Count > 0 ? presets[0].Name : null) ?? CreateForm.CustomPlan;
        Form.Cpu = "2";
        Form.MemoryGi = "4";
        Form.Image = snapshot.Policy.DefaultImage.DataSource;
        Form.Disk = CreateForm.RecommendedDisk;
        Plan = planner.Plan(Form, snapshot, list, Tenant);
    }

    /// <summary>The "Recalculate" button (no script): the same form, with the recommendation and the fit for what it holds now.</summary>
    public async Task OnPostRecalculateAsync()
    {
        var (snapshot, list) = await LoadAsync();
        Plan = planner.Plan(Form, snapshot, list, Tenant);
    }

    /// <summary>What the page's script asks as the choice changes: the recommendation and the fit, as JSON.</summary>
    public async Task<IActionResult> OnGetRecommendAsync([FromQuery] CreateForm form)
    {
        Form = form;
        var (snapshot, list) = await LoadAsync();
        var plan = planner.Plan(form, snapshot, list, Tenant);
        return new JsonResult(new
        {
            recommendation = plan.Recommendation is { } r ? $"{Sizes.Bytes(r.SizeBytes)} ({r.Reason})" : "Choose vCPUs and memory to see the recommended disk.",
            sizeGi = plan.Recommendation is { } s ? Sizes.Gi(s.SizeBytes) : null,
            minGi = plan.Recommendation is { } l ? Sizes.Gi(l.Limits.MinimumBytes) : null,
            maxGi = plan.Recommendation is { } x ? Sizes.Gi(x.Limits.MaximumBytes) : null,
            fit = plan.Fit?.Summary,
            fitLines = plan.Fit?.Lines ?? [],
        });
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var (snapshot, list) = await LoadAsync();
        Plan = planner.Plan(Form, snapshot, list, Tenant);
        var (machine, problems) = planner.Build(Form, Tenant, snapshot.Policy);
        foreach (var (field, message) in problems)
        {
            AddError(field, message);
        }

        if (Errors.Count == 0 && list.Any(m => m.Metadata.Name == machine.Metadata.Name))
        {
            AddError("Name", $"a machine named \"{machine.Metadata.Name}\" already exists in {Tenant}; choose another name");
        }

        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        try
        {
            await machines.CreateAsync(machine, HttpContext.RequestAborted);
        }
        catch (Exception e) when (ApiRefusal.From(e) is { } refusal)
        {
            AddRefusal(refusal);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        // Saved keys belong to a built-in account: a provider's user of the same name is someone else.
        if (Form.SaveSshKey && !User.IsSso() && !string.IsNullOrWhiteSpace(Form.SshKey))
        {
            await accountService.SaveSshKeyAsync(User.Name(), Form.SshKey.Trim(), HttpContext.RequestAborted);
        }

        TempData["Notice"] = $"{machine.Metadata.Name} is being created.";
        return Redirect($"/tenants/{Uri.EscapeDataString(Tenant)}/machines/{Uri.EscapeDataString(machine.Metadata.Name)}");
    }

    public string? ErrorId(string field) => Errors.ContainsKey(field) ? $"{field}-error" : null;

    private async Task<(PolicySnapshot Snapshot, IReadOnlyList<ElasticMachine> Machines)> LoadAsync()
    {
        var snapshot = await policies.ReadAsync(HttpContext.RequestAborted);
        var list = await machines.ListAsync(Tenant, HttpContext.RequestAborted);
        var all = await accounts.ReadAsync(HttpContext.RequestAborted);
        SavedKeys = !User.IsSso() && all.TryGetValue(User.Name(), out var account) ? account.SshKeys : [];
        return (snapshot, list);
    }

    private void AddRefusal(ApiRefusal refusal)
    {
        if (refusal.Code == StatusCodes.Status409Conflict)
        {
            AddError("Name", $"a machine named \"{Form.Name}\" already exists in {Tenant}; choose another name");
            return;
        }

        var sizeField = Form.Plan == CreateForm.CustomPlan ? null : "Plan";
        foreach (var (field, message) in refusal.ByField())
        {
            var target = CreatePlanner.FieldOf(field, sizeField);
            AddError(target, target.Length == 0 ? $"The cluster refused the machine: {(field.Length > 0 ? field + ": " : string.Empty)}{message}" : message);
        }
    }

    /// <summary>The name a person sees for a form field, so every message says which field it is about.</summary>
    public static string LabelOf(string field) => field switch
    {
        "Name" => "Name",
        "Plan" => "Size",
        "Cpu" => "vCPUs",
        "MemoryGi" => "Memory",
        "Image" => "Image",
        "DiskGi" => "Disk",
        "SshKey" => "SSH key",
        _ => string.Empty,
    };

    private void AddError(string field, string message)
    {
        if (LabelOf(field) is { Length: > 0 } label)
        {
            message = $"{label}: {message}";
        }

        if (!Errors.TryGetValue(field, out var list))
        {
            Errors[field] = list = [];
        }

        list.Add(message);
    }
}
