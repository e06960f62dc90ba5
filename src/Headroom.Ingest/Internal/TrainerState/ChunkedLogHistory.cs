using System.Buffers;
using System.Diagnostics;

namespace Headroom.Ingest;

/// <summary>
/// Reads a large `log_history` on several cores with exactly the result of one <see cref="LogHistoryScanner"/>: the
/// history is cut into pieces of <c>chunkBytes</c>; workers (<see cref="ChunkSchedule{TChunk}"/>) read each piece from
/// its first entry, found by a guess (the first <c>{</c> that a <c>}</c> and a <c>,</c> come before), into arrays
/// (<see cref="HistoryChunk"/>); this thread hands the entries on in file order. A piece no worker has started yet is
/// read by this thread itself from where the one before ended, its entries handed on as they are read (no arrays: on
/// a busy machine, where the workers get little time, the read costs what one scan costs). A worker's piece is used
/// only when the piece before ends exactly where its guess started; otherwise (a guess inside a string, an entry
/// larger than a piece) this thread reads it again from where the one before ended, as one scan would. The first piece to stop at anything but its limit ends the history there
/// (the closing <c>]</c>, or a damaged entry for the stream reader to report), so the entries, their keys, lines and
/// the handover are those of one scan, whatever the number of threads.
/// </summary>
internal static class ChunkedLogHistory
{
    /// <summary>Bytes read past a piece's end, so that its last entry is whole without reading again.</summary>
    private const int Slack = 16 << 10;

    /// <summary>
    /// Reads the history that starts at <paramref name="offset"/> (just after its <c>[</c>, at 1-based
    /// <paramref name="line"/> and 0-based <paramref name="byteInLine"/>) of a file of <paramref name="length"/>
    /// bytes, with <paramref name="workers"/> threads besides this one, handing each entry to
    /// <paramref name="onEntry"/> with its keys as <paramref name="keyId"/> numbers them.
    /// </summary>
    public static LogHistoryScanner.Handover Read(
        ReadAt read, long length, long offset, long line, long byteInLine, int chunkBytes, int workers, Func<string, int> keyId, Action<TrainerStateEntry> onEntry)
    {
        var count = (int)Math.Max(1, (length - offset + chunkBytes - 1) / chunkBytes);
        var bufferBytes = chunkBytes + LogHistoryScanner.LookBack + Math.Min(Slack, chunkBytes);
        long Limit(int index) => index == count - 1 ? long.MaxValue : offset + ((long)(index + 1) * chunkBytes);

        HistoryChunk Scan(int index, byte[] buffer)
        {
            if (index == 0)
            {
                return HistoryChunk.Read(read, 0, offset, Limit(0), buffer, bufferBytes);
            }

            var nominal = offset + ((long)index * chunkBytes);
            return HistoryChunk.Guess(read, index, Math.Max(offset, nominal - LogHistoryScanner.LookBack), nominal, Limit(index), buffer, bufferBytes);
        }

        using var schedule = new ChunkSchedule<HistoryChunk>(count, window: 4 * (workers + 1), workers, bufferBytes, Scan, HistoryChunk.Empty);
        var entry = new TrainerStateEntry();
        var keys = new Utf8KeyTable(keyId);
        byte[]? own = null;
        var position = offset;
        long newlines = 0;
        long lineStart = -1;
        var entries = 0;
        try
        {
            for (var index = 0; index < count; index++)
            {
                var (chunk, claimed) = schedule.TakeOrClaim();
                LogHistoryScanner.Stop stop;
                if (chunk is not null && chunk.Start == position)
                {
                    try
                    {
                        chunk.Deliver(entry, keyId, line + newlines, read, onEntry);
                    }
                    finally
                    {
                        chunk.Release();
                    }

                    stop = chunk.Stop;
                }
                else
                {
                    Debug.Assert(claimed || chunk is not null, "a piece before the last is taken or claimed");
                    chunk?.Release();
                    own ??= ArrayPool<byte>.Shared.Rent(bufferBytes);
                    stop = LogHistoryScanner.ReadPiece(read, position, Limit(index), own, bufferBytes, keys, onEntry, line + newlines);
                }

                entries += stop.Entries;
                newlines += stop.Newlines;
                lineStart = stop.LineStart >= 0 ? stop.LineStart : lineStart;
                if (!stop.Reached)
                {
                    var stopLine = new LogHistoryScanner.Stop(stop.Offset, false, entries, newlines, lineStart);
                    return stopLine.From(offset, line, byteInLine);
                }

                position = stop.Offset;
            }
        }
        finally
        {
            if (own is not null)
            {
                ArrayPool<byte>.Shared.Return(own);
            }
        }

        // The last piece has no limit: it stops at the history's end or the file's.
        throw new UnreachableException();
    }
}
