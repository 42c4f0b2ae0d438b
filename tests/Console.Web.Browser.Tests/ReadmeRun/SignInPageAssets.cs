using System.Text.RegularExpressions;

namespace Fencepost.ConsoleWeb.Browser.Tests.ReadmeRun;

/// <summary>Loads every script and stylesheet the sign-in page references, as a browser would before the console can come alive.</summary>
public static partial class SignInPageAssets
{
    /// <summary>The assets that did not load (status and size), empty when all did; fails if Blazor's or MudBlazor's files are not referenced at all.</summary>
    public static async Task<IReadOnlyList<string>> FindBrokenAsync(Uri console)
    {
        using var http = new HttpClient { BaseAddress = console };
        var html = await http.GetStringAsync(new Uri("/signin", UriKind.Relative));

        var assets = AssetReference().Matches(html).Select(m => m.Groups["url"].Value)
            .Where(url => !url.StartsWith("http", StringComparison.Ordinal) && !url.StartsWith("data:", StringComparison.Ordinal))
            .Distinct().ToList();
        Assert.Contains(assets, a => a.Contains("blazor.web", StringComparison.Ordinal) && a.EndsWith(".js", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.Contains("MudBlazor.min", StringComparison.Ordinal) && a.EndsWith(".css", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.Contains("MudBlazor.min", StringComparison.Ordinal) && a.EndsWith(".js", StringComparison.Ordinal));

        var broken = new List<string>();
        foreach (var asset in assets)
        {
            // The page's <base href="/"> makes every relative reference root-relative.
            using var response = await http.GetAsync(new Uri("/" + asset.TrimStart('/'), UriKind.Relative));
            var body = await response.Content.ReadAsByteArrayAsync();
            if (!response.IsSuccessStatusCode || body.Length == 0)
            {
                broken.Add($"{asset}: {(int)response.StatusCode}, {body.Length} bytes");
            }
        }
        return broken;
    }

    [GeneratedRegex(@"<(?:script|link)\b[^>]*?\b(?:src|href)=""(?<url>[^""]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex AssetReference();
}
