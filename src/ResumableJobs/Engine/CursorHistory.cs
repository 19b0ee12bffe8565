namespace ResumableJobs;

/// <summary>
/// The last few serialized cursors of a run, in a fixed ring, to detect a source that cycles (c1 → c2 → c1)
/// without allocating per page.
/// </summary>
internal sealed class CursorHistory
{
    private readonly string?[] _ring;
    private int _next;

    public CursorHistory(int capacity)
    {
        _ring = new string?[capacity];
    }

    public void Add(string cursor)
    {
        _ring[_next] = cursor;
        _next = (_next + 1) % _ring.Length;
    }

    public bool Contains(string cursor)
    {
        foreach (var seen in _ring)
        {
            if (seen is not null && string.Equals(seen, cursor, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
