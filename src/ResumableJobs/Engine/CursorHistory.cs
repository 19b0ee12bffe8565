namespace ResumableJobs;

/// <summary>
/// The last few serialized cursors of a run, in a fixed ring, to detect a source that cycles (c1 → c2 → c1)
/// without allocating per page. A cheap fingerprint (length and a few characters) is compared first, so a check
/// costs a few integer compares and a full string compare only for the rare cursor that shares the fingerprint.
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

    /// <summary>
    /// A fingerprint, not a hash of every character: cursors that differ usually differ in length or near an end,
    /// and equal fingerprints are confirmed by an ordinal compare, so collisions cost time, never correctness.
    /// </summary>
    public static int Hash(string cursor)
    {
        var length = cursor.Length;
        return length == 0 ? 0 : HashCode.Combine(length, cursor[0], cursor[length / 2], cursor[length - 1], length > 1 ? cursor[length - 2] : '\0');
    }

    /// <summary>Adds a cursor with the fingerprint that <see cref="Contains"/> computed for it.</summary>
    public void Add(string cursor, int hash)
    {
        _cursors[_next] = cursor;
        _hashes[_next] = hash;
        _next = (_next + 1) % _cursors.Length;
    }

    public bool Contains(string cursor, out int hash)
    {
        hash = Hash(cursor);
        for (var i = 0; i < _hashes.Length; i++)
        {
            if (_hashes[i] == hash && _cursors[i] is { } seen && string.Equals(seen, cursor, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
