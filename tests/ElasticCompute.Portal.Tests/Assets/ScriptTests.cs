using Acornima;

namespace ElasticCompute.Portal.Tests.Assets;

/// <summary>The portal's script stays within ES2017, so the Chromium 56+ engines of LG webOS and Samsung Tizen TVs run it, and stays small.</summary>
public sealed class ScriptTests
{
    private static readonly string Folder = Path.Combine(RepositoryPaths.Root, "webportal", "ElasticCompute.Portal", "Static", "assets");

    /// <summary>The console page's own script; xterm.js beside it (Static/vendor) is exempt: browsers too old for it get the text console.</summary>
    private const string ConsoleScript = "console.js";

    /// <summary>The graphical console page's own script, a module (it imports noVNC, also exempt), loaded on that page only.</summary>
    private const string DisplayScript = "display.js";

    /// <summary>The reconnecting both console pages share, loaded on those pages only.</summary>
    private const string RetryScript = "console-retry.js";

    public static TheoryData<string> Scripts()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Folder, "*.js"))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public void A_script_parses_as_es2017(string file)
    {
        var parser = new Parser(new ParserOptions { EcmaVersion = EcmaVersion.ES2017 });
        var code = File.ReadAllText(Path.Combine(Folder, file));
        var body = file == DisplayScript ? parser.ParseModule(code).Body : parser.ParseScript(code).Body;
        Assert.NotEmpty(body);
    }

    [Theory]
    [InlineData("var a = b?.c;")]
    [InlineData("var a = b ?? c;")]
    [InlineData("try { f(); } catch { }")]
    [InlineData("var { a, ...rest } = b;")]
    public void Syntax_newer_than_es2017_is_refused_by_the_same_check(string code)
    {
        var parser = new Parser(new ParserOptions { EcmaVersion = EcmaVersion.ES2017 });
        Assert.ThrowsAny<ParseErrorException>(() => parser.ParseScript(code));
    }

    [Fact]
    public void The_scripts_together_stay_under_8_KiB_before_compression()
    {
        var bytes = Directory.GetFiles(Folder, "*.js").Where(f => Path.GetFileName(f) is not (ConsoleScript or DisplayScript or RetryScript)).Sum(f => new FileInfo(f).Length);
        Assert.True(bytes < 8 * 1024, $"the portal's scripts are {bytes} bytes");
    }

    [Theory]
    [InlineData(ConsoleScript)]
    [InlineData(DisplayScript)]
    [InlineData(RetryScript)]
    public void A_console_script_loaded_only_on_its_page_stays_under_8_KiB(string file)
    {
        var bytes = new FileInfo(Path.Combine(Folder, file)).Length;
        Assert.True(bytes < 8 * 1024, $"{file} is {bytes} bytes");
    }
}
