using System.Text;

namespace ElasticCompute.DevCluster.Server.Simulation.Serial;

/// <summary>
/// What answers on the simulated serial console once the guest has booted: getty's login (any name, any password,
/// the password not echoed), then a tiny shell (<see cref="ShellCommands"/>). It echoes what is typed, as a tty in
/// cooked mode does, and turns each key into the bytes a terminal shows; it never touches a socket.
/// </summary>
internal sealed class ConsoleShell(string hostname, TimeProvider time, DateTimeOffset bootedAt)
{
    /// <summary>Longer lines are cut (a line buffer, as a tty's is bounded too).</summary>
    private const int MaxLine = 1024;

    private readonly TerminalInput input = new();
    private readonly StringBuilder line = new();
    private State state = State.Booting;
    private string user = string.Empty;

    private enum State
    {
        Booting,
        LoginName,
        Password,
        Shell,
    }

    public string Hostname => hostname;

    /// <summary>Whether a user is logged in (the shell's prompt is up).</summary>
    public bool LoggedIn => state == State.Shell;

    /// <summary>The end of the boot: the banner and the login prompt. Input before it is dropped, as on a guest still booting.</summary>
    public string Start()
    {
        state = State.LoginName;
        line.Clear();
        return $"\r\nUbuntu 24.04 LTS {hostname} ttyS0\r\n\r\n{hostname} login: ";
    }

    /// <summary>Reads bytes typed by the viewer and answers with what the terminal shows.</summary>
    public string Type(ReadOnlySpan<byte> bytes)
    {
        var output = new StringBuilder();
        foreach (var key in input.Read(bytes))
        {
            if (state != State.Booting)
            {
                output.Append(Press(key));
            }
        }

        return output.ToString();
    }

    private string Press(TerminalKey key) => key.Kind switch
    {
        TerminalKeyKind.Text => Insert(key.Text),
        TerminalKeyKind.Backspace => Erase(),
        TerminalKeyKind.Enter => Enter(),
        TerminalKeyKind.Interrupt => Interrupt(),
        TerminalKeyKind.EndOfFile when state == State.Shell && line.Length == 0 => "logout\r\n" + Start(),
        _ => string.Empty,
    };

    private string Insert(string text)
    {
        var room = Math.Max(0, MaxLine - line.Length);
        var kept = text.Length > room ? text[..room] : text;
        line.Append(kept);
        return state == State.Password ? string.Empty : kept;
    }

    private string Erase()
    {
        if (line.Length == 0)
        {
            return string.Empty;
        }

        var width = line.Length > 1 && char.IsLowSurrogate(line[^1]) ? 2 : 1;
        line.Length -= width;
        return state == State.Password ? string.Empty : "\b \b";
    }

    private string Interrupt()
    {
        line.Clear();
        if (state == State.Shell)
        {
            return "^C\r\n" + Prompt();
        }

        // At the login or password prompt getty starts over.
        state = State.LoginName;
        return $"^C\r\n\r\n{hostname} login: ";
    }

    private string Enter()
    {
        var typed = line.ToString();
        line.Clear();
        switch (state)
        {
            case State.LoginName when typed.Trim().Length == 0:
                return $"\r\n{hostname} login: ";
            case State.LoginName:
                user = typed.Trim();
                state = State.Password;
                return "\r\nPassword: ";
            case State.Password:
                state = State.Shell;
                return "\r\nWelcome to Ubuntu 24.04 LTS (GNU/Linux 6.8.0-devcluster x86_64)\r\n\r\n"
                    + "This is devcluster's simulated guest: type help for the commands it knows.\r\n\r\n" + Prompt();
            default:
                var result = ShellCommands.Run(typed, new ShellContext(hostname, user, time.GetUtcNow(), bootedAt));
                return result.Logout ? "\r\nlogout\r\n" + Start() : "\r\n" + result.Output + Prompt();
        }
    }

    private string Prompt() => $"{user}@{hostname}:~$ ";
}
