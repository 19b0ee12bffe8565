namespace ResumableJobs;

/// <summary>Turns cursors into the strings a checkpoint store keeps, and back.</summary>
/// <typeparam name="TCursor">The cursor type.</typeparam>
public interface ICursorSerializer<TCursor>
{
    /// <summary>Serializes a cursor. Equal cursors must serialize to equal strings (the engine compares them to detect cursors that do not move).</summary>
    /// <param name="cursor">The cursor.</param>
    /// <returns>Its text.</returns>
    string Serialize(TCursor cursor);

    /// <summary>Deserializes a cursor written by <see cref="Serialize"/>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The cursor.</returns>
    /// <exception cref="FormatException">The text is not a valid cursor.</exception>
    TCursor Deserialize(string text);
}
