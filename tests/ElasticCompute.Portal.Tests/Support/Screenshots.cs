using Microsoft.Playwright;

namespace ElasticCompute.Portal.Tests.Support;

/// <summary>Screenshots saved as test artifacts under TestResults/screenshots, named by page and viewport.</summary>
internal static class Screenshots
{
    public static string Folder { get; } = Path.Combine(RepositoryPaths.Root, "TestResults", "screenshots");

    public static async Task<string> SaveAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Folder);
        var size = page.ViewportSize;
        var path = Path.Combine(Folder, $"{name}-{size?.Width}x{size?.Height}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }
}
