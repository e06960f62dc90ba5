using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Headroom.Ingest;

/// <summary>
/// The fast path for the records that dominate scalar logs: framed events exactly as
/// <c>SummaryWriter.add_scalar</c> writes them,
/// <c>09 wall_time(8) [10 step(varint)] 2A n+9 0A n+7 0A n tag(n) 15 simple_value(4)</c>.
/// Everything after the step is fixed by the tag, so those bytes are compared with the layout of
/// the tag that followed the previous one last time (trainers log the same tags in the same order
/// every step); a miss falls back to reading the layout field by field. Any other record is left to
/// the general decoder (<see cref="EventDecoder"/>), which gives the same values for these records.
/// </summary>
internal sealed partial class AddScalarFastPath(TagTable tags)
{
    // Tags up to this length keep every length of the layout in one varint byte.
    private const int MaxTagLength = 118;
    private const int Framing = TfRecordReader.HeaderSize + TfRecordReader.FooterSize;

    private AddScalarLayout[] _layouts = NewLayouts(16);
    private int _previous = -1;

    /// <summary>The table the tags are interned in.</summary>
    public TagTable Tags => tags;

    /// <summary>
    /// Frames, checks (both CRCs) and decodes consecutive add_scalar records from the start of
    /// <paramref name="bytes"/> into <paramref name="points"/>. Stops before the first record that
    /// is incomplete, fails a CRC, is not an add_scalar event or starts at or after
    /// <paramref name="stopAt"/>, or when <paramref name="points"/> is full. Returns the bytes consumed;
    /// <paramref name="otherLength"/> is the data length of the record it stopped at when that record
    /// is complete and sound but not an add_scalar event (so its CRCs need no second check), else -1.
    /// </summary>
    public int Scan(ReadOnlySpan<byte> bytes, int stopAt, Span<ScalarPoint> points, out int count, out int otherLength)
    {
        otherLength = -1;
        var position = 0;
        var written = 0;
        var lastStart = Math.Min(stopAt, bytes.Length - Framing + 1);
        while (position < lastStart && written < points.Length)
        {
            if (_previous >= 0)
            {
                ref var start = ref MemoryMarshal.GetReference(bytes);
                ref var output = ref MemoryMarshal.GetReference(points);
                var cursor = new Cursor(ref Unsafe.Add(ref start, position), ref Unsafe.Add(ref output, written), _previous);
                ScanPredicted(
                    ref cursor,
                    ref Unsafe.Add(ref start, lastStart),
                    ref Unsafe.Add(ref start, bytes.Length - Framing),
                    ref Unsafe.Add(ref output, points.Length),
                    _layouts);
                position = (int)Unsafe.ByteOffset(ref start, ref cursor.Frame);
                written = (int)(Unsafe.ByteOffset(ref output, ref cursor.Point) / Unsafe.SizeOf<ScalarPoint>());
                _previous = cursor.Previous;
                if (position >= lastStart || written >= points.Length)
                {
                    break;
                }
            }

            // One record the careful way: a tag other than the predicted one, or not add_scalar at all.
            var frame = bytes[position..];
            var length = BinaryPrimitives.ReadUInt64LittleEndian(frame);
            if (length > (ulong)(frame.Length - Framing))
            {
                break;
            }

            var size = (int)length;
            var data = frame.Slice(TfRecordReader.HeaderSize, size);
            if (Crc32C.MaskedOfLength(length) != BinaryPrimitives.ReadUInt32LittleEndian(frame[8..])
                || Crc32C.Mask(Crc32C.Compute(data)) != BinaryPrimitives.ReadUInt32LittleEndian(frame[(TfRecordReader.HeaderSize + size)..]))
            {
                break;
            }

            if (!TryMatch(data, out points[written]))
            {
                otherLength = size;
                break;
            }

            written++;
            position += size + Framing;
        }

        count = written;
        return position;
    }

    /// <summary>Decodes one record's data when it is an add_scalar event; false (nothing interned) otherwise.</summary>
    public bool TryMatch(ReadOnlySpan<byte> data, out ScalarPoint point)
    {
        var previous = _previous;
        var matched = TryDecode(data, ref previous, out point);
        _previous = previous;
        return matched;
    }

    private static AddScalarLayout[] NewLayouts(int size)
    {
        var layouts = new AddScalarLayout[size];
        layouts.AsSpan().Fill(new AddScalarLayout(null, -1));
        return layouts;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryDecode(ReadOnlySpan<byte> data, ref int previous, out ScalarPoint point)
    {
        ref var first = ref MemoryMarshal.GetReference(data);
        var size = data.Length;
        if (size < 19 || first != 0x09)
        {
            point = default;
            return false;
        }

        // Step: optional varint (proto3 leaves out step 0); the length checks keep it inside the record.
        var position = 9;
        ulong step = 0;
        if (Unsafe.Add(ref first, position) == 0x10)
        {
            position++;
            for (var shift = 0; ; shift += 7)
            {
                if (shift > 63 || position >= size)
                {
                    point = default;
                    return false;
                }

                var b = Unsafe.Add(ref first, position++);
                step |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    break;
                }
            }
        }

        var restLength = size - position;
        ref var rest = ref Unsafe.Add(ref first, position);
        var layouts = _layouts;
        var id = previous >= 0 ? layouts[previous].Successor : -1;
        if (id < 0 || layouts[id].Bytes is not { } layout || layout.Length + 4 != restLength || !MemoryMarshal.CreateReadOnlySpan(ref rest, layout.Length).SequenceEqual(layout))
        {
            id = MatchLayout(MemoryMarshal.CreateReadOnlySpan(ref rest, restLength));
            if (id < 0)
            {
                point = default;
                return false;
            }

            if (previous >= 0)
            {
                _layouts[previous].Successor = id;
            }
        }

        previous = id;
        var value = BitConverter.Int32BitsToSingle((int)ReadUInt32(ref Unsafe.Add(ref rest, restLength - 4)));
        var wallTime = BitConverter.Int64BitsToDouble((long)ReadUInt64(ref Unsafe.Add(ref first, 1)));
        point = new ScalarPoint(id, (long)step, value, wallTime);
        return true;
    }

    // The layout read field by field (single-byte lengths): the tag's id, or -1.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private int MatchLayout(ReadOnlySpan<byte> rest)
    {
        if (rest.Length < 11
            || rest[0] != 0x2A
            || rest[1] != rest.Length - 2
            || rest[2] != 0x0A
            || rest[3] != rest.Length - 4
            || rest[4] != 0x0A)
        {
            return -1;
        }

        var tagLength = rest[5];
        if (tagLength > MaxTagLength || 6 + tagLength + 5 != rest.Length || rest[6 + tagLength] != 0x15)
        {
            return -1;
        }

        var id = tags.Intern(rest.Slice(6, tagLength));
        if (id >= _layouts.Length)
        {
            var grown = NewLayouts(Math.Max(id + 1, 2 * _layouts.Length));
            _layouts.CopyTo(grown, 0);
            _layouts = grown;
        }

        if (_layouts[id].Bytes is null)
        {
            var successor = _layouts[id].Successor;
            _layouts[id] = new AddScalarLayout(rest[..^4].ToArray(), successor);
        }

        return id;
    }
}
