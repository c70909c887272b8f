using ElasticCompute.DevCluster.Server.Errors;

namespace ElasticCompute.DevCluster.Server.Selectors;

/// <summary>
/// A label selector in the API's string form: <c>a=b,c!=d,e in (x,y),f notin (z),g,!h</c>. Written by hand:
/// the grammar is small and no served package parses it.
/// </summary>
public sealed class LabelSelector
{
    private readonly IReadOnlyList<Requirement> requirements;

    private LabelSelector(IReadOnlyList<Requirement> requirements) => this.requirements = requirements;

    public static LabelSelector Everything { get; } = new([]);

    public bool IsEmpty => requirements.Count == 0;

    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var result = new List<Requirement>();
        foreach (var part in SplitTopLevel(text))
        {
            var term = part.Trim();
            if (term.Length == 0)
            {
                continue;
            }

            result.Add(ParseTerm(term, text));
        }

        return new LabelSelector(result);
    }

    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        foreach (var r in requirements)
        {
            var has = labels.TryGetValue(r.Key, out var value);
            var ok = r.Op switch
            {
                Operator.Exists => has,
                Operator.DoesNotExist => !has,
                Operator.Equals or Operator.In => has && r.Values.Contains(value!),
                Operator.NotEquals or Operator.NotIn => !has || !r.Values.Contains(value!),
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static Requirement ParseTerm(string term, string whole)
    {
        if (term.StartsWith('!'))
        {
            return new Requirement(Key(term[1..], whole), Operator.DoesNotExist, []);
        }

        var notIn = term.IndexOf(" notin ", StringComparison.Ordinal);
        if (notIn > 0)
        {
            return new Requirement(Key(term[..notIn], whole), Operator.NotIn, Set(term[(notIn + 7)..], whole));
        }

        var @in = term.IndexOf(" in ", StringComparison.Ordinal);
        if (@in > 0)
        {
            return new Requirement(Key(term[..@in], whole), Operator.In, Set(term[(@in + 4)..], whole));
        }

        foreach (var (token, op) in new[] { ("!=", Operator.NotEquals), ("==", Operator.Equals), ("=", Operator.Equals) })
        {
            var at = term.IndexOf(token, StringComparison.Ordinal);
            if (at > 0)
            {
                return new Requirement(Key(term[..at], whole), op, [term[(at + token.Length)..].Trim()]);
            }
        }

        return new Requirement(Key(term, whole), Operator.Exists, []);
    }

    private static string Key(string key, string whole)
    {
        key = key.Trim();
        if (key.Length == 0 || key.Any(char.IsWhiteSpace))
        {
            throw ApiException.BadRequest($"unable to parse requirement: invalid label key \"{key}\" in selector \"{whole}\"");
        }

        return key;
    }

    private static HashSet<string> Set(string text, string whole)
    {
        text = text.Trim();
        if (!text.StartsWith('(') || !text.EndsWith(')'))
        {
            throw ApiException.BadRequest($"unable to parse requirement: found '{text}', expected: '(' in selector \"{whole}\"");
        }

        return text[1..^1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Splits on commas outside parentheses.</summary>
    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ',' when depth == 0:
                    yield return text[start..i];
                    start = i + 1;
                    break;
            }
        }

        yield return text[start..];
    }

    private enum Operator
    {
        Equals,
        NotEquals,
        In,
        NotIn,
        Exists,
        DoesNotExist,
    }

    private sealed record Requirement(string Key, Operator Op, IReadOnlyCollection<string> Values);
}
