using System.Text;
using ElasticCompute.Portal.Cluster;
using ElasticCompute.Portal.Consoles;
using ElasticCompute.Portal.Tenancy;
using Microsoft.AspNetCore.Mvc;

namespace ElasticCompute.Portal.Pages.Tenants;

/// <summary>
/// The console for browsers without script or too old for xterm.js (TV browsers): the latest output as text, read by
/// a short visit of the portal to the console, refreshed every <see cref="RefreshSeconds"/> s (an HTTP Refresh header,
/// which a person can stop), and a form that sends a line and shows what came back.
/// </summary>
internal sealed class ConsoleTextModel(MachineStore machines, ConsoleReader reader, TimeProvider time) : TenantPageModel
{
    public const int RefreshSeconds = 20;
    public const int MaxLine = 1000;
    private const int ShownLines = 30;

    [FromRoute(Name = "name")]
    public string Name { get; set; } = string.Empty;

    [BindProperty]
    public string? Line { get; set; }

    /// <summary>A special key instead of a line: ctrl-c or ctrl-d.</summary>
    [BindProperty]
    public string? Key { get; set; }

    [FromQuery(Name = "refresh")]
    public string? RefreshSwitch { get; set; }

    public IReadOnlyList<string> Output { get; private set; } = [];

    /// <summary>Why nothing could be read (the machine is not running, the cluster refused), in the person's words.</summary>
    public string? Problem { get; private set; }

    public string? LineError { get; private set; }

    /// <summary>What the form sent, to say so above the answer.</summary>
    public string? Sent { get; private set; }

    public DateTimeOffset ReadAt { get; private set; }

    public bool Refreshing { get; private set; }

    public string PagePath => MachineConsole.PagePath(Tenant, Name);

    public string MachinePath => $"/tenants/{Uri.EscapeDataString(Tenant)}/machines/{Uri.EscapeDataString(Name)}";

    public async Task<IActionResult> OnGetAsync()
    {
        if (await VmiAsync() is not { } vmi)
        {
            return NotFound();
        }

        await ReadAsync(vmi, null);
        Refreshing = RefreshSwitch != "off";
        if (Refreshing)
        {
            // A header, not <meta http-equiv="refresh">: the same for every browser, and a person can switch it off.
            Response.Headers["Refresh"] = $"{RefreshSeconds}; url={PagePath}/text";
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await VmiAsync() is not { } vmi)
        {
            return NotFound();
        }

        byte[]? input = Key switch
        {
            "ctrl-c" => [0x03],
            "ctrl-d" => [0x04],
            _ => null,
        };
        if (input is null)
        {
            var line = (Line ?? string.Empty).Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal);
            if (line.Length > MaxLine)
            {
                LineError = $"Line: at most {MaxLine} characters (this one has {line.Length})";
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                await ReadAsync(vmi, null);
                return Page();
            }

            Sent = line;
            input = Encoding.UTF8.GetBytes(line + "\r");
        }
        else
        {
            Sent = Key == "ctrl-c" ? "Ctrl+C" : "Ctrl+D";
        }

        Line = null;
        await ReadAsync(vmi, input);
        return Page();
    }

    private async Task<string?> VmiAsync() =>
        await machines.GetAsync(Tenant, Name, HttpContext.RequestAborted) is { } machine ? MachineConsole.VmiName(machine) : null;

    private async Task ReadAsync(string vmi, byte[]? input)
    {
        try
        {
            var read = await reader.ReadAsync(Tenant, vmi, input, HttpContext.RequestAborted);

            // After a line was sent, its answer; the console as it was is what the page showed before.
            Output = TerminalText.Lines(input is null ? read.Before : read.After, ShownLines);
        }
        catch (ConsoleRefusedException e)
        {
            Problem = e.End.Reason;
        }

        ReadAt = time.GetUtcNow();
    }
}
