using System.Collections;
using System.Runtime.CompilerServices;

namespace Headroom.Ingest;

/// <summary>
/// The scalars of one TensorBoard event file in file order, read lazily in bounded memory, for files
/// too large to hold as a <see cref="RunLog"/>. A file of 64 MiB or more is read in 1 MiB chunks on
/// up to three more threads when there is more than one core (a few chunks ahead of the enumeration,
/// so memory stays bounded), with exactly the results of reading it sequentially: the same values in
/// the same order, skipped counts and errors. Each enumeration reads the file again;
/// <see cref="Skipped"/> and <see cref="Records"/> describe the last enumeration, once it has finished.
/// </summary>
/// <remarks>
/// Under <see cref="BadRecordPolicy.Strict"/> a bad record throws from <c>MoveNext</c> after every
/// scalar before it was enumerated. Disposing the enumerator early stops the reading threads.
/// </remarks>
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

    private sealed class Enumerator(TensorBoardScalarStream owner, IScalarScanner scanner) : IEnumerator<TensorBoardScalar>
    {
        private readonly TagTable _tags = scanner.Decoder.Tags;
        private string?[] _runNames = new string?[16];
        private string?[] _names = [];
        private int[]? _tagIds;
        private ScalarPoint[] _points = [];
        private int _index;
        private int _end;

        // Built on demand rather than stored: storing a struct that holds a string in this object
        // would cost a GC write barrier per scalar. MoveNext and Current are compiled optimised at
        // once: a caller's loop that the JIT does not inline them into would otherwise call their
        // unoptimised first versions for millions of scalars.
        public TensorBoardScalar Current
        {
            [MethodImpl(MethodImplOptions.AggressiveOptimization)]
            get
            {
                ref readonly var point = ref _points[_index];
                var name = _names[point.TagId] ?? NameOf(point.TagId);
                return new TensorBoardScalar(name, point.Step, point.Value, point.WallTime);
            }
        }

        object IEnumerator.Current => Current;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public bool MoveNext() => ++_index < _end || NextBatch();

        public void Reset() => throw new NotSupportedException("Enumerate the stream again to read the file again.");

        public void Dispose() => scanner.Dispose();

        private bool NextBatch()
        {
            var batch = scanner.ReadBatch();
            if (batch.Count == 0)
            {
                owner.Records = scanner.Records;
                _points = [];
                _index = _end = 0;
                return false;
            }

            _points = batch.Points;
            _index = batch.Start;
            _end = batch.Start + batch.Count;
            if (batch.TagIds is null)
            {
                // The run's ids: names kept for the whole enumeration.
                if (_runNames.Length < _tags.Count)
                {
                    Array.Resize(ref _runNames, Math.Max(_tags.Count, 2 * _runNames.Length));
                }

                _names = _runNames;
            }
            else if (!ReferenceEquals(batch.TagIds, _tagIds))
            {
                // A chunk's ids: names for this chunk.
                _names = new string?[batch.TagIds.Length];
            }

            _tagIds = batch.TagIds;
            return true;
        }

        private string NameOf(int tagId) => _names[tagId] = _tags.NameOf(_tagIds is null ? tagId : _tagIds[tagId]);
    }
}
