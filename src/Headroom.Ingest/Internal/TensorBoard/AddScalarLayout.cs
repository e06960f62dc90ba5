using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Headroom.Ingest;

/// <summary>
/// What <see cref="AddScalarFastPath"/> knows of one tag: the bytes of an add_scalar event after
/// the step (<c>2A n+9 0A n+7 0A n tag 15</c>) and the tag that followed it last time. Layouts of 7
/// to 64 bytes are also kept as four 16-byte vectors at fixed offsets (overlapping; for a layout
/// under 16 bytes, one vector reaching back into the step, whose bytes the mask leaves out), so the
/// hot loop compares them without a call or a branch on the length.
/// </summary>
internal struct AddScalarLayout
{
    /// <summary>The layout, or null for a tag not seen in an add_scalar event.</summary>
    public readonly byte[]? Bytes;

    /// <summary>The layout's length when the vectors hold it; otherwise a value no record length matches.</summary>
    public readonly int ComparedLength;

    /// <summary>The id of the tag that followed this one last time, or -1.</summary>
    public int Successor;

    private readonly int _first;
    private readonly int _second;
    private readonly int _third;
    private readonly int _last;
    private readonly Vector128<byte> _a;
    private readonly Vector128<byte> _b;
    private readonly Vector128<byte> _c;
    private readonly Vector128<byte> _d;
    private readonly Vector128<byte> _mask;

    public AddScalarLayout(byte[]? bytes, int successor)
    {
        Bytes = bytes;
        Successor = successor;
        var n = bytes?.Length ?? -1;
        if (bytes is null || n < 7 || n > 64)
        {
            // Never equal to a record's remaining length: the hot loop leaves such tags to TryDecode.
            ComparedLength = int.MinValue / 2;
            return;
        }

        ComparedLength = n;
        _first = Math.Min(0, n - 16);
        _second = n < 16 ? _first : Math.Min(16, n - 16);
        _third = n < 16 ? _first : Math.Max(0, n - 32);
        _last = n - 16;
        Span<byte> expected = stackalloc byte[16];
        Span<byte> mask = stackalloc byte[16];
        for (var i = 0; i < 16; i++)
        {
            var at = _first + i;
            expected[i] = at >= 0 ? bytes[at] : (byte)0;
            mask[i] = at >= 0 ? (byte)0xFF : (byte)0;
        }

        _a = Vector128.Create<byte>(expected);
        _mask = Vector128.Create<byte>(mask);
        _b = n < 16 ? _a : Vector128.Create<byte>(bytes.AsSpan(_second, 16));
        _c = n < 16 ? _a : Vector128.Create<byte>(bytes.AsSpan(_third, 16));
        _d = n < 16 ? _a : Vector128.Create<byte>(bytes.AsSpan(_last, 16));
    }

    /// <summary>Whether the layout's bytes are at <paramref name="rest"/>; the caller checked that the record holds <see cref="ComparedLength"/> + 4 bytes from there and at least 9 before.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly bool Matches(ref byte rest)
    {
        var a = Vector128.LoadUnsafe(ref Unsafe.Add(ref rest, _first)) ^ _a;
        var b = Vector128.LoadUnsafe(ref Unsafe.Add(ref rest, _second)) ^ _b;
        var c = Vector128.LoadUnsafe(ref Unsafe.Add(ref rest, _third)) ^ _c;
        var d = Vector128.LoadUnsafe(ref Unsafe.Add(ref rest, _last)) ^ _d;
        return ((a | b | c | d) & _mask) == Vector128<byte>.Zero;
    }
}
