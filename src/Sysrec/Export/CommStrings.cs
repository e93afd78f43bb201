using Sysrec.Decoding;
using Sysrec.Trace;

namespace Sysrec.Export;

/// <summary>
/// Comms as <see cref="CommText"/> strings, made once per distinct comm rather than once per call. A
/// recording has few comms, but a hostile one could have many, so the cache is emptied when it fills.
/// </summary>
/// <param name="escapeSpace">Also escape spaces, for space-separated formats.</param>
internal sealed class CommStrings(bool escapeSpace = false)
{
    private const int MaxEntries = 4096;

    private readonly Dictionary<byte[], string> _strings = new(ByteArrayComparer.Instance);

    public string Get(ReadOnlySpan<byte> comm)
    {
        var lookup = _strings.GetAlternateLookup<ReadOnlySpan<byte>>();
        if (lookup.TryGetValue(comm, out string? text))
            return text;
        if (_strings.Count == MaxEntries)
            _strings.Clear();
        text = CommText.Escape(comm, escapeSpace);
        lookup.TryAdd(comm, text);
        return text;
    }
}
