using System.Globalization;

namespace ElasticCompute.DevCluster.Server.Schema;

/// <summary>
/// The dotted path of the node a walk is at (<c>spec.disks[0].name</c>), kept in one growing buffer:
/// segments are pushed and popped as the walk descends, and a string is only made when an error needs one.
/// </summary>
internal sealed class FieldPathBuilder
{
    private char[] buffer = new char[128];
    private int length;

    public int Length => length;

    /// <summary>Appends <c>.name</c> (or <c>name</c> at the root); returns the length to restore with <see cref="Restore"/>.</summary>
    public int PushField(string name)
    {
        var mark = length;
        if (length > 0)
        {
            Append('.');
        }

        Append(name);
        return mark;
    }

    public int PushIndex(int index)
    {
        var mark = length;
        Append('[');
        Span<char> digits = stackalloc char[11];
        index.TryFormat(digits, out var written, default, CultureInfo.InvariantCulture);
        Append(digits[..written]);
        Append(']');
        return mark;
    }

    public void Restore(int mark) => length = mark;

    public override string ToString() => new(buffer, 0, length);

    /// <summary>The path with a child appended, without changing the builder.</summary>
    public string Child(string name) => length == 0 ? name : string.Concat(buffer.AsSpan(0, length), ".", name);

    private void Append(char c)
    {
        Ensure(1);
        buffer[length++] = c;
    }

    private void Append(ReadOnlySpan<char> text)
    {
        Ensure(text.Length);
        text.CopyTo(buffer.AsSpan(length));
        length += text.Length;
    }

    private void Ensure(int extra)
    {
        if (length + extra > buffer.Length)
        {
            Array.Resize(ref buffer, Math.Max(buffer.Length * 2, length + extra));
        }
    }
}
