using Microsoft.Playwright;

namespace ElasticCompute.Portal.Tests.Support;

/// <summary>Debian's chromium, headless, as the machine's notes say to start it (no browser download, no background traffic).</summary>
internal static class Browsers
{
    public const string Chromium = "/usr/bin/chromium";

    /// <summary>Under CI a missing chromium fails the test (`.ci/run` installs it); elsewhere the test is skipped.</summary>
    public static void RequireChromium()
    {
        if (File.Exists(Chromium))
        {
            return;
        }

        throw Prerequisites.Missing($"{Chromium} is missing: install Debian's chromium (apt-get install -y chromium)", Chromium);
    }

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
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
