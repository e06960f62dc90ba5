using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
internal sealed class AddScalarFastPath(TagTable tags)
{
    // Tags up to this length keep every length of the layout in one varint byte.
    private const int MaxTagLength = 118;
    private const int Framing = TfRecordReader.HeaderSize + TfRecordReader.FooterSize;

    private Layout[] _layouts = NewLayouts(16);
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
    // Compiled once, fully optimised and on its own: inlined into a large caller it would exhaust the
    // caller's inlining budget and leave its own helpers as calls. Offsets are checked against the
    // record's checked length before any read, so the unchecked reads stay inside bytes.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public int Scan(ReadOnlySpan<byte> bytes, int stopAt, Span<ScalarPoint> points, out int count, out int otherLength)
    {
        otherLength = -1;
        ref var start = ref MemoryMarshal.GetReference(bytes);
        ref var output = ref MemoryMarshal.GetReference(points);
        var capacity = points.Length;
        var end = bytes.Length;
        var position = 0;
        var written = 0;
        var previous = _previous;
        while (position < stopAt && written < capacity)
        {
            var available = end - position;
            if (available < Framing)
            {
                break;
            }

            ref var frame = ref Unsafe.Add(ref start, position);
            var length = ReadUInt64(ref frame);
            if (length > (ulong)(available - Framing) || Crc32C.MaskedOfLength(length) != ReadUInt32(ref Unsafe.Add(ref frame, 8)))
            {
                break;
            }

            var size = (int)length;
            var data = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref frame, TfRecordReader.HeaderSize), size);
            if (Crc32C.Mask(Crc32C.Compute(data)) != ReadUInt32(ref Unsafe.Add(ref frame, TfRecordReader.HeaderSize + size)))
            {
                break;
            }

            if (!TryDecode(data, ref previous, out Unsafe.Add(ref output, written)))
            {
                otherLength = size;
                break;
            }

            written++;
            position += size + Framing;
        }

        _previous = previous;
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

    private static Layout[] NewLayouts(int size)
    {
        var layouts = new Layout[size];
        layouts.AsSpan().Fill(new Layout(null, -1));
        return layouts;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong ReadUInt64(ref byte at)
        => BitConverter.IsLittleEndian ? Unsafe.ReadUnaligned<ulong>(ref at) : BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<ulong>(ref at));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint ReadUInt32(ref byte at)
        => BitConverter.IsLittleEndian ? Unsafe.ReadUnaligned<uint>(ref at) : BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<uint>(ref at));

    // The bytes equal the layout (at least 7 bytes long): overlapping word and vector compares
    // without a call for the usual tag lengths.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool SameBytes(ref byte bytes, byte[] layout)
    {
        ref var expected = ref MemoryMarshal.GetArrayDataReference(layout);
        var n = layout.Length;
        if (n <= 16)
        {
            if (n < 8)
            {
                return MemoryMarshal.CreateReadOnlySpan(ref bytes, n).SequenceEqual(layout);
            }

            return ((Unsafe.ReadUnaligned<ulong>(ref bytes) ^ Unsafe.ReadUnaligned<ulong>(ref expected))
                | (Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref bytes, n - 8)) ^ Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref expected, n - 8)))) == 0;
        }

        if (n <= 32)
        {
            var head = Vector128.LoadUnsafe(ref bytes) ^ Vector128.LoadUnsafe(ref expected);
            var tail = Vector128.LoadUnsafe(ref bytes, (nuint)(n - 16)) ^ Vector128.LoadUnsafe(ref expected, (nuint)(n - 16));
            return (head | tail) == Vector128<byte>.Zero;
        }

        if (n <= 64)
        {
            var a = Vector128.LoadUnsafe(ref bytes) ^ Vector128.LoadUnsafe(ref expected);
            var b = Vector128.LoadUnsafe(ref bytes, 16) ^ Vector128.LoadUnsafe(ref expected, 16);
            var c = Vector128.LoadUnsafe(ref bytes, (nuint)(n - 32)) ^ Vector128.LoadUnsafe(ref expected, (nuint)(n - 32));
            var d = Vector128.LoadUnsafe(ref bytes, (nuint)(n - 16)) ^ Vector128.LoadUnsafe(ref expected, (nuint)(n - 16));
            return (a | b | c | d) == Vector128<byte>.Zero;
        }

        return MemoryMarshal.CreateReadOnlySpan(ref bytes, n).SequenceEqual(layout);
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
        if (id < 0 || layouts[id].Bytes is not { } layout || layout.Length + 4 != restLength || !SameBytes(ref rest, layout))
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

        _layouts[id].Bytes ??= rest[..^4].ToArray();
        return id;
    }

    private struct Layout(byte[]? bytes, int successor)
    {
        public byte[]? Bytes = bytes;
        public int Successor = successor;
    }
}
