using System.Collections;

namespace Headroom.Ingest;

/// <summary>
/// The scalars of one TensorBoard event file in file order, read lazily in bounded memory (one
/// record at a time through a pooled buffer), for files too large to hold as a <see cref="RunLog"/>.
/// Each enumeration reads the file again; <see cref="Skipped"/> and <see cref="Records"/> describe
/// the last enumeration, once it has finished.
/// </summary>
public sealed class TensorBoardScalarStream : IEnumerable<TensorBoardScalar>
{
    private readonly string _path;
    private readonly ReaderOptions _options;
    private SkipTally _skipped = new();

    internal TensorBoardScalarStream(string path, ReaderOptions options)
    {
        _path = path;
        _options = options;
    }

    /// <summary>What the last enumeration skipped (non-scalar summaries, bad records), by reason; empty before any.</summary>
    public IReadOnlyList<SkippedRecords> Skipped => _skipped.ToList();

    /// <summary>Records whose CRCs matched in the last enumeration (events, including the file_version header).</summary>
    public long Records { get; private set; }

    /// <inheritdoc/>
    /// <exception cref="IngestException">The file is missing, or a record is bad under <see cref="BadRecordPolicy.Strict"/>.</exception>
    public IEnumerator<TensorBoardScalar> GetEnumerator()
    {
        if (!File.Exists(_path))
        {
            throw IngestException.NotFound(_path);
        }

        _skipped = new SkipTally();
        Records = 0;
        return new Enumerator(this, EventFileScanner.Open(_path, _options, new EventDecoder(), _skipped));
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private sealed class Enumerator(TensorBoardScalarStream owner, EventFileScanner scanner) : IEnumerator<TensorBoardScalar>
    {
        private readonly ScalarPoint[] _batch = new ScalarPoint[256];
        private readonly TagTable _tags = scanner.Decoder.Tags;
        private int _count;
        private int _index;

        public TensorBoardScalar Current { get; private set; }

        object IEnumerator.Current => Current;

        public bool MoveNext()
        {
            if (_index == _count)
            {
                _count = scanner.Read(_batch);
                _index = 0;
                if (_count == 0)
                {
                    owner.Records = scanner.Records;
                    return false;
                }
            }

            var point = _batch[_index++];
            Current = new TensorBoardScalar(_tags.NameOf(point.TagId), point.Step, point.Value, point.WallTime);
            return true;
        }

        public void Reset() => throw new NotSupportedException("Enumerate the stream again to read the file again.");

        public void Dispose() => scanner.Dispose();
    }
}
