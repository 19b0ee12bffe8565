namespace ResumableJobs;

/// <summary>
/// The last few serialized cursors of a run, in a fixed ring, to detect a source that cycles (c1 → c2 → c1)
/// without allocating per page. Hash codes are compared first, so a check costs one hash and a few integer compares.
/// </summary>
internal sealed class CursorHistory
{
    private readonly string?[] _cursors;
    private readonly int[] _hashes;
    private int _next;

    public CursorHistory(int capacity)
    {
        _cursors = new string?[capacity];
        _hashes = new int[capacity];
    }

    public void Add(string cursor)
    {
        _cursors[_next] = cursor;
        _hashes[_next] = Hash(cursor);
        _next = (_next + 1) % _cursors.Length;
    }

    public bool Contains(string cursor)
    {
        var hash = Hash(cursor);
        for (var i = 0; i < _hashes.Length; i++)
        {
            if (_hashes[i] == hash && _cursors[i] is { } seen && string.Equals(seen, cursor, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static int Hash(string cursor) => string.GetHashCode(cursor, StringComparison.Ordinal);
}
