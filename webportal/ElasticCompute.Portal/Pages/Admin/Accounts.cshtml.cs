using ElasticCompute.Portal.Accounts;
using ElasticCompute.Portal.Hosting;
using ElasticCompute.Portal.Tenancy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ElasticCompute.Portal.Pages.Admin;

/// <summary>Admins create accounts, reset passwords, set tenants and roles, unlock and delete. Absent when built-in accounts are off.</summary>
internal sealed class AccountsModel(AccountService service, IAccountStore store, TenantDirectory tenants, TimeProvider time, PortalOptions options) : PageModel
{
    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public AccountRole Role { get; set; }

    [BindProperty]
    public IList<string> Tenants { get; set; } = [];

    public IReadOnlyList<PortalAccount>? Accounts { get; private set; }

    public IReadOnlyList<string> AllTenants { get; private set; } = [];

    public string? Problem { get; private set; }

    public DateTimeOffset Now => time.GetUtcNow();

    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!options.BuiltInAccounts)
        {
            context.Result = NotFound();
        }
    }

    public Task OnGetAsync() => LoadAsync();

    public Task<IActionResult> OnPostCreateAsync() =>
        ResultAsync(service.CreateAsync(Name?.Trim() ?? string.Empty, Password ?? string.Empty, Role, [.. Tenants], HttpContext.RequestAborted), $"Account {Name} is created.", keepForm: true);

    public Task<IActionResult> OnPostPasswordAsync() =>
        ResultAsync(service.ResetPasswordAsync(Name ?? string.Empty, Password ?? string.Empty, HttpContext.RequestAborted), $"The password of {Name} is reset; its sessions have ended.");

    public async Task<IActionResult> OnPostTenantsAsync()
    {
        var problem = await service.SetTenantsAsync(Name ?? string.Empty, [.. Tenants], HttpContext.RequestAborted)
            ?? await service.SetRoleAsync(Name ?? string.Empty, Role, HttpContext.RequestAborted);
        return await ResultAsync(Task.FromResult(problem), $"{Name} is saved.");
    }

    public Task<IActionResult> OnPostUnlockAsync() =>
        ResultAsync(service.UnlockAsync(Name ?? string.Empty, HttpContext.RequestAborted), $"{Name} is unlocked.");

    public Task<IActionResult> OnPostDeleteAsync() =>
        ResultAsync(service.DeleteAsync(Name ?? string.Empty, HttpContext.RequestAborted), $"{Name} is deleted.");

    private async Task<IActionResult> ResultAsync(Task<AccountProblem?> change, string notice, bool keepForm = false)
    {
        var problem = await change;
        Password = null;
        if (problem is null)
        {
            TempData["Notice"] = notice;
            return Redirect("/admin/accounts");
        }

        Problem = $"{problem.Field}: {problem.Message}";
        if (!keepForm)
        {
            Name = null;
        }

        await LoadAsync();
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private async Task LoadAsync()
    {
        Accounts = (await store.ReadAsync(HttpContext.RequestAborted)).Values.OrderBy(a => a.Name, StringComparer.Ordinal).ToArray();
        AllTenants = await tenants.ListAsync(HttpContext.RequestAborted);
    }
}
