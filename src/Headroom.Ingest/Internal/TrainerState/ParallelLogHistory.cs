using System.Buffers;

namespace Headroom.Ingest;

/// <summary>
/// Reads a `log_history` array on all cores: the file is read in blocks, cut into chunks at entry boundaries
/// (<see cref="LogHistoryScan"/>), each chunk is parsed on a worker (<see cref="LogHistoryChunk.Parse"/>) and the
/// entries are handed on in file order on the calling thread, so what the run receives is what the stream reader
/// would have given it. A bounded number of chunks is in flight, so memory stays flat. Returns where the stream reader
/// must take up the file again: the closing bracket, or the first entry that is not a well-formed JSON object (a
/// damaged or cut file), which it then reads and reports as it always did.
/// </summary>
internal static class ParallelLogHistory
{
    /// <summary>Where the stream reader takes over: a file offset, its 1-based line, its 0-based byte in the line; the entries handed on before it.</summary>
    public readonly record struct Handover(long Offset, long Line, long ByteInLine, int Entries);

    /// <summary>Reads the history that starts at <paramref name="offset"/> (just after its <c>[</c>), of <paramref name="line"/> and <paramref name="byteInLine"/>.</summary>
    public static Handover Read(Stream stream, long offset, long line, long byteInLine, int chunkBytes, Func<string, int> keyId, Action<TrainerStateEntry> onEntry)
    {
        var threads = Environment.ProcessorCount;
        var inFlight = new Queue<Task<LogHistoryChunk>>();
        var entry = new TrainerStateEntry();
        var delivered = 0;
        var nextOffset = offset;
        stream.Seek(offset, SeekOrigin.Begin);
        try
        {
            var buffer = ArrayPool<byte>.Shared.Rent(chunkBytes);
            var filled = 0;
            while (true)
            {
                (filled, var final) = Fill(stream, buffer, filled);
                var entries = new List<(int Start, int End)>();
                var (outcome, cut) = LogHistoryScan.Entries(buffer.AsSpan(0, filled), final, entries);
                var last = outcome != LogHistoryScan.Outcome.More;
                if (!last && cut == 0)
                {
                    // An entry larger than the buffer: room for it to complete.
                    var grown = ArrayPool<byte>.Shared.Rent(2 * buffer.Length);
                    buffer.AsSpan(0, filled).CopyTo(grown);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = grown;
                    continue;
                }

                var next = last ? [] : ArrayPool<byte>.Shared.Rent(Math.Max(chunkBytes, 2 * (filled - cut)));
                if (!last)
                {
                    buffer.AsSpan(cut, filled - cut).CopyTo(next);
                }

                var chunk = new LogHistoryChunk(buffer, cut, nextOffset, entries);
                nextOffset += cut;
                if (last && inFlight.Count == 0)
                {
                    return Finish(chunk.Parse());
                }

                inFlight.Enqueue(threads > 1 ? Task.Run(chunk.Parse) : Task.FromResult(chunk.Parse()));
                while (inFlight.Count > (last ? 0 : threads))
                {
                    var done = inFlight.Dequeue().GetAwaiter().GetResult();
                    if (done.Stop >= 0 || (last && inFlight.Count == 0))
                    {
                        return Finish(done);
                    }

                    Deliver(done);
                }

                filled -= cut;
                buffer = next;
            }
        }
        finally
        {
            foreach (var task in inFlight)
            {
                task.ContinueWith(static _ => { }, TaskScheduler.Default).Wait();
            }
        }

        void Deliver(LogHistoryChunk chunk)
        {
            delivered += chunk.Deliver(line, keyId, entry, onEntry);
            var (count, lastNewline) = chunk.Newlines;
            line += count;
            byteInLine = lastNewline >= 0 ? chunk.Length - lastNewline - 1 : byteInLine + chunk.Length;
        }

        Handover Finish(LogHistoryChunk chunk)
        {
            if (chunk.Stop < 0)
            {
                Deliver(chunk);
                return new Handover(chunk.Offset + chunk.Length, line, byteInLine, delivered);
            }

            delivered += chunk.Deliver(line, keyId, entry, onEntry);
            var (start, newlines, lastNewline) = chunk.StopAt;
            return new Handover(chunk.Offset + start, line + newlines, lastNewline >= 0 ? start - lastNewline - 1 : byteInLine + start, delivered);
        }
    }

    private static (int Filled, bool Final) Fill(Stream stream, byte[] buffer, int filled)
    {
        while (filled < buffer.Length)
        {
            var read = stream.Read(buffer, filled, buffer.Length - filled);
            if (read == 0)
            {
                return (filled, true);
            }

            filled += read;
        }

        return (filled, false);
    }
}
