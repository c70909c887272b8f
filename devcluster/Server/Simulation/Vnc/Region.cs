namespace ElasticCompute.DevCluster.Server.Simulation.Vnc;

/// <summary>A rectangle of the framebuffer, in pixels.</summary>
internal readonly record struct Region(int X, int Y, int Width, int Height)
{
    public bool IsEmpty => Width <= 0 || Height <= 0;

    public Region Union(Region other)
    {
        if (IsEmpty)
        {
            return other;
        }

        if (other.IsEmpty)
        {
            return this;
        }

        int x = Math.Min(X, other.X), y = Math.Min(Y, other.Y);
        return new Region(x, y, Math.Max(X + Width, other.X + other.Width) - x, Math.Max(Y + Height, other.Y + other.Height) - y);
    }

    public Region Intersect(Region other)
    {
        int x = Math.Max(X, other.X), y = Math.Max(Y, other.Y);
        int right = Math.Min(X + Width, other.X + other.Width), bottom = Math.Min(Y + Height, other.Y + other.Height);
        return right > x && bottom > y ? new Region(x, y, right - x, bottom - y) : default;
    }
}
