using System.Globalization;
using System.Text;

namespace ElasticCompute.DevCluster.Server.Simulation.Serial;

/// <summary>The few commands the simulated guest's shell knows, answered as bash and coreutils word them.</summary>
internal static class ShellCommands
{
    public const string Kernel = "6.8.0-devcluster";

    private const string Help =
        "Commands of this simulated guest:\r\n" +
        "  uname [-a|-s|-n|-r|-m]  the kernel\r\n" +
        "  hostname, whoami        the machine and you\r\n" +
        "  echo TEXT               prints TEXT\r\n" +
        "  date, uptime            the time, and how long since the boot\r\n" +
        "  clear                   clears the screen\r\n" +
        "  exit, logout            back to the login prompt (Ctrl+D too)\r\n";

    public static ShellResult Run(string line, ShellContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var words = Words(line);
        if (words.Count == 0)
        {
            return new ShellResult(string.Empty);
        }

        var args = words.Skip(1).ToArray();
        return words[0] switch
        {
            "exit" or "logout" => new ShellResult(string.Empty, Logout: true),
            "uname" => new ShellResult(Uname(args, context.Hostname)),
            "hostname" => Line(context.Hostname),
            "whoami" => Line(context.User),
            "echo" => Line(string.Join(' ', args)),
            "date" => Line(Date(context.Now)),
            "uptime" => Line(Uptime(context.Now, context.Now - context.BootedAt)),
            "help" => new ShellResult(Help),
            "clear" => new ShellResult("\u001b[H\u001b[2J"),
            var command => Line($"-bash: {command}: command not found"),
        };
    }

    private static ShellResult Line(string text) => new(text + "\r\n");

    private static string Uname(string[] args, string hostname)
    {
        if (args.Length == 0)
        {
            return "Linux\r\n";
        }

        var parts = new List<string>();
        foreach (var arg in args)
        {
            if (arg is "-a" or "--all")
            {
                return $"Linux {hostname} {Kernel} #1 SMP PREEMPT_DYNAMIC x86_64 x86_64 x86_64 GNU/Linux\r\n";
            }

            var part = arg switch
            {
                "-s" => "Linux",
                "-n" => hostname,
                "-r" => Kernel,
                "-m" => "x86_64",
                _ => null,
            };
            if (part is null)
            {
                return $"uname: invalid option -- '{arg.TrimStart('-')}'\r\nTry 'uname --help' for more information.\r\n";
            }

            parts.Add(part);
        }

        return string.Join(' ', parts) + "\r\n";
    }

    /// <summary>date's default format in the C locale: "Thu Jan  1 00:00:00 UTC 2026".</summary>
    private static string Date(DateTimeOffset now)
    {
        var t = now.UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture, $"{t:ddd MMM} {t.Day,2} {t:HH:mm:ss} UTC {t:yyyy}");
    }

    /// <summary>uptime's line: " 10:00:00 up 5 min,  1 user,  load average: 0.00, 0.00, 0.00".</summary>
    private static string Uptime(DateTimeOffset now, TimeSpan up)
    {
        if (up < TimeSpan.Zero)
        {
            up = TimeSpan.Zero;
        }

        var since = up.TotalHours < 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)up.TotalMinutes} min")
            : string.Create(CultureInfo.InvariantCulture, $"{(up.Days > 0 ? $"{up.Days} day{(up.Days == 1 ? "" : "s")}, " : "")}{up.Hours,2}:{up.Minutes:00}");
        return string.Create(CultureInfo.InvariantCulture, $" {now.UtcDateTime:HH:mm:ss} up {since},  1 user,  load average: 0.00, 0.00, 0.00");
    }

    /// <summary>The line split into words as bash does without expansions: whitespace separates, quotes group.</summary>
    private static List<string> Words(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        char? quote = null;
        foreach (var c in line)
        {
            if (quote is { } q)
            {
                if (c == q)
                {
                    quote = null;
                }
                else
                {
                    word.Append(c);
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }
}
