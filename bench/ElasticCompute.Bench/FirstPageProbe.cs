using System.Globalization;
using Microsoft.Playwright;

namespace ElasticCompute.Bench;

/// <summary>
/// Weighs the first page after sign-in in Debian's chromium: a person signs in through the form, then the page it led
/// to is loaded again in a new browser context (the session cookie, a cold cache), and every response of that load is
/// recorded with Playwright's events and its bytes on the wire with CDP's Network.loadingFinished (encodedDataLength).
/// </summary>
internal static class FirstPageProbe
{
    public const string Chromium = "/usr/bin/chromium";

    /// <summary>Debian's chromium, headless, started as the portal's browser tests start it.</summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        ArgumentNullException.ThrowIfNull(playwright);
        if (!File.Exists(Chromium))
        {
            throw new FileNotFoundException($"{Chromium} is missing: install Debian's chromium (apt-get install -y chromium)", Chromium);
        }

        return playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            ],
        });
    }

    public static async Task<PageWeight> MeasureAsync(IBrowser browser, Uri portal, string account, string password)
    {
        ArgumentNullException.ThrowIfNull(browser);
        ArgumentNullException.ThrowIfNull(portal);

        // Sign in as a person does.
        await using var signIn = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = portal.ToString() });
        signIn.SetDefaultTimeout(60_000);
        var form = await signIn.NewPageAsync();
        await form.GotoAsync("/signin");
        await form.GetByLabel("Account name").FillAsync(account);
        await form.GetByLabel("Password").FillAsync(password);
        await form.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await form.WaitForURLAsync(url => !url.Contains("/signin", StringComparison.Ordinal));
        await form.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var landing = form.Url;
        var session = await signIn.StorageStateAsync();

        // The landing page as the first page after sign-in: a new context holds only the cookies, none of the cache.
        await using var cold = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = portal.ToString(), StorageState = session });
        cold.SetDefaultTimeout(60_000);
        var page = await cold.NewPageAsync();
        var gate = new Lock();
        var responses = new List<IResponse>();
        var types = new Dictionary<string, (string Url, string Type)>(StringComparer.Ordinal);
        var finished = new Dictionary<string, long>(StringComparer.Ordinal);
        page.Response += (_, response) =>
        {
            lock (gate)
            {
                responses.Add(response);
            }
        };
        var cdp = await cold.NewCDPSessionAsync(page);
        cdp.Event("Network.responseReceived").OnEvent += (_, e) =>
        {
            if (e is { } json)
            {
                lock (gate)
                {
                    types[json.GetProperty("requestId").GetString()!] = (json.GetProperty("response").GetProperty("url").GetString()!, json.GetProperty("type").GetString()!);
                }
            }
        };
        cdp.Event("Network.loadingFinished").OnEvent += (_, e) =>
        {
            if (e is { } json)
            {
                lock (gate)
                {
                    finished[json.GetProperty("requestId").GetString()!] = (long)json.GetProperty("encodedDataLength").GetDouble();
                }
            }
        };
        await cdp.SendAsync("Network.enable");
        var document = await page.GotoAsync(landing, new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
        if (document is not { Ok: true })
        {
            throw new InvalidOperationException($"{landing} answered {document?.Status}");
        }

        // CDP's events can trail the load event a little: wait until every response has finished loading.
        for (var attempt = 0; ; attempt++)
        {
            lock (gate)
            {
                // The page's live stream (server-sent events) stays open by design: it is not part of the page's weight.
                var loads = types.Where(t => t.Value.Type != LiveStream).ToArray();
                if (loads.Length > 0 && loads.All(t => finished.ContainsKey(t.Key)) && responses.Count >= loads.Length)
                {
                    break;
                }
            }

            if (attempt == 100)
            {
                throw new TimeoutException("chromium did not report every response of the page load as finished within 10 s");
            }

            await Task.Delay(100);
        }

        await cdp.DetachAsync();
        List<PageResource> resources;
        lock (gate)
        {
            resources = [.. types.Where(t => t.Value.Type != LiveStream).Select(t =>
            {
                var response = responses.FirstOrDefault(r => r.Url == t.Value.Url);
                var headers = response?.Headers ?? new Dictionary<string, string>();
                return new PageResource(
                    t.Value.Url,
                    t.Value.Type,
                    response?.Status ?? 0,
                    headers.TryGetValue("content-encoding", out var encoding) ? encoding : null,
                    headers.TryGetValue("content-length", out var length) && long.TryParse(length, CultureInfo.InvariantCulture, out var bytes) ? bytes : null,
                    finished[t.Key]);
            })];
        }

        await page.CloseAsync();
        return new PageWeight(landing, resources);
    }

    private const string LiveStream = "EventSource";
}
