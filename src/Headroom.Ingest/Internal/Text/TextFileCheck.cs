using System.Text.Unicode;

namespace Headroom.Ingest;

/// <summary>
/// The checks a text document needs before it is parsed as a stream, done in one vectorised pass over the bytes
/// so a large file is never held: an empty (or blank) file and binary data are errors; invalid UTF-8 is an error
/// naming the byte under the strict policy and a counted fault under the lenient one (the bytes then read as U+FFFD).
/// What a check found can be kept (<see cref="TextCheckMemo"/>) and given again to a second reading of the file.
/// </summary>
internal static class TextFileCheck
{
    private const int BlockSize = 1 << 20;

    private const string InvalidUtf8 = "invalid UTF-8 bytes (replaced by U+FFFD)";

    /// <summary>Checks the file, throwing or counting what it finds on <paramref name="run"/> (from the options' memo when it has the file).</summary>
    public static void Scan(string path, RunBuilder run)
    {
        var memo = run.Options.TextChecks;
        if (memo?.Find(path) is not { } findings)
        {
            findings = Find(path);
            memo?.Keep(path, findings);
        }

        foreach (var finding in findings)
        {
            if (finding.Reason is { } reason)
            {
                run.Fault(reason, finding.Location!, finding.Error);
            }
            else
            {
                throw finding.Error();
            }
        }
    }

    /// <summary>
    /// What the check finds, in the order it meets it: a fault (<see cref="Finding.Reason"/> set: an error only under
    /// the strict policy) or an error. Nothing for a sound file.
    /// </summary>
    public static IReadOnlyList<Finding> Find(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent((int)Math.Min(BlockSize, stream.Length) + 4);
        try
        {
            return Find(path, stream, buffer);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static List<Finding> Find(string path, FileStream stream, byte[] buffer)
    {
        var findings = new List<Finding>();
        var block = buffer.Length - 4;
        long offset = 0;
        var carried = 0;
        var blank = true;
        var invalidSeen = false;
        int read;
        while ((read = stream.Read(buffer, carried, block)) > 0)
        {
            var span = buffer.AsSpan(0, carried + read);
            var nul = span.IndexOf((byte)0);
            if (nul >= 0)
            {
                var at = offset + nul;
                findings.Add(new Finding(null, null, () => IngestException.BinaryData(path, at, 0)));
                return findings;
            }

            blank = blank && span.IndexOfAnyExcept(" \t\r\n"u8) < 0;

            // A sequence cut by the block end is checked with the next block.
            var complete = span.Length - Utf8Text.IncompleteTail(span);
            if (!invalidSeen && !Utf8.IsValid(span[..complete]))
            {
                var bad = offset + Utf8Text.FirstInvalid(span[..complete]);
                invalidSeen = true;
                findings.Add(new Finding(InvalidUtf8, RunBuilder.AtByte(path, bad), () => IngestException.InvalidUtf8(path, bad)));
            }

            carried = span.Length - complete;
            span[complete..].CopyTo(buffer);
            offset += complete;
        }

        if (blank)
        {
            findings.Add(new Finding(null, null, () => IngestException.EmptyFile(path)));
            return findings;
        }

        if (carried > 0 && !invalidSeen)
        {
            var at = offset;
            findings.Add(new Finding(InvalidUtf8, RunBuilder.AtByte(path, at), () => IngestException.InvalidUtf8(path, at)));
        }

        return findings;
    }

    /// <summary>A fault (with its reason and location) or, without them, an error the file cannot be read past.</summary>
    public sealed record Finding(string? Reason, string? Location, Func<IngestException> Error);
}
