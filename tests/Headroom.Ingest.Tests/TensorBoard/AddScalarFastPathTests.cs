using System.Buffers.Binary;

namespace Headroom.Ingest.Tests;

public sealed class AddScalarFastPathTests
{
    /// <summary>The data of the event PyTorch's <c>SummaryWriter.add_scalar(tag, value, step)</c> writes (proto3 leaves step 0 out).</summary>
    private static byte[] AddScalarEvent(string tag, float value, long step, double wallTime)
    {
        var ev = new ProtoWriter().Double(1, wallTime);
        if (step != 0)
        {
            ev.Varint(2, (ulong)step);
        }

        return ev.Message(5, s => s.Message(1, v => v.String(1, tag).Float(2, value))).ToArray();
    }

    private static byte[] Framed(IEnumerable<byte[]> records) => [.. records.SelectMany(TfEventWriter.Frame)];

    /// <summary>Scans framed records to the end, several calls if need be, as the sequential reader does.</summary>
    private static List<(string Tag, long Step, double Value, double WallTime)> ScanAll(AddScalarFastPath fastPath, byte[] file, int capacity = 64)
    {
        var points = new List<(string, long, double, double)>();
        var buffer = new ScalarPoint[capacity];
        var position = 0;
        while (position < file.Length)
        {
            position += fastPath.Scan(file.AsSpan(position), file.Length - position, buffer, out var count, out var otherLength);
            Assert.Equal(-1, otherLength);
            Assert.True(count > 0, $"stopped at byte {position}");
            points.AddRange(buffer[..count].Select(p => (fastPath.Tags.NameOf(p.TagId), p.Step, p.Value, p.RawWallTime)));
        }

        return points;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(25)]
    [InlineData(26)]
    [InlineData(40)]
    [InlineData(57)]
    [InlineData(58)]
    [InlineData(118)]
    public void Reads_add_scalar_records_with_every_tag_length_class(int tagLength)
    {
        // Given tags of the same length that differ only in their first, middle or last byte, in an order that changes
        string[] tags = tagLength switch
        {
            0 => [string.Empty],
            1 => ["x", "y"],
            _ => [Tag('x', 'm', 'x'), Tag('x', 'm', 'y'), Tag('y', 'm', 'x'), Tag('x', 'n', 'x')],
        };
        string Tag(char first, char middle, char last)
        {
            var chars = Enumerable.Repeat('a', tagLength).ToArray();
            chars[0] = first;
            chars[tagLength / 2] = middle;
            chars[^1] = last;
            return new string(chars);
        }

        var written = new List<(string Tag, long Step, double Value, double WallTime)>();
        for (var step = 1; step <= 50; step++)
        {
            var order = step % 3 == 0 ? tags.Reverse().Append("loss") : tags.Append("loss");
            foreach (var tag in order)
            {
                written.Add((tag, step, (float)(step * 0.5 + tag.Length), 1_700_000_000 + step));
            }
        }

        var file = Framed(written.Select(w => AddScalarEvent(w.Tag, (float)w.Value, w.Step, w.WallTime)));

        // When
        var read = ScanAll(new AddScalarFastPath(new TagTable()), file);

        // Then every record is read back with its own tag, whichever order the tags came in
        Assert.Equal(written, read);
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(127L)]
    [InlineData(128L)]
    [InlineData(2_097_151L)]
    [InlineData(2_097_152L)]
    [InlineData(34_359_738_368L)]
    [InlineData(72_057_594_037_927_935L)]
    [InlineData(72_057_594_037_927_936L)]
    [InlineData(long.MaxValue)]
    [InlineData(-1L)]
    [InlineData(-300L)]
    public void Reads_steps_of_every_varint_length(long step)
    {
        // Given a record at the step, between records at steps 0 (left out) and 5
        var file = Framed([AddScalarEvent("actor/entropy", 1f, 0, 1.5), AddScalarEvent("actor/entropy", 2f, step, 2.5), AddScalarEvent("actor/entropy", 3f, 5, 3.5)]);

        // When
        var read = ScanAll(new AddScalarFastPath(new TagTable()), file);

        // Then
        Assert.Equal([("actor/entropy", 0L, 1.0, 1.5), ("actor/entropy", step, 2.0, 2.5), ("actor/entropy", 5L, 3.0, 3.5)], read);
    }

    [Fact]
    public void Gives_what_the_general_decoder_gives_for_special_values()
    {
        // Given values and wall times at the edges of their types
        float[] values = [float.NaN, float.PositiveInfinity, -0f, float.Epsilon, float.MaxValue];
        double[] wallTimes = [0, -1, double.NaN, 1_700_000_000.125];
        var records = values.SelectMany(v => wallTimes.Select(w => AddScalarEvent("val/score", v, 7, w))).ToArray();

        // When read by the fast path and by the general decoder
        var fast = new AddScalarFastPath(new TagTable());
        var general = new EventDecoder();
        foreach (var record in records)
        {
            Assert.True(fast.TryMatch(record, out var point));
            var decoded = new List<DecodedValue>();
            general.Decode(record, out var wallTime, out var step, decoded);

            // Then they agree bit for bit
            var value = Assert.Single(decoded);
            Assert.Equal(BitConverter.DoubleToInt64Bits(value.Value), BitConverter.DoubleToInt64Bits(point.Value));
            Assert.Equal(BitConverter.DoubleToInt64Bits(wallTime), BitConverter.DoubleToInt64Bits(point.RawWallTime));
            Assert.Equal(step, point.Step);
            Assert.Equal(general.Tags.NameOf(value.TagId), fast.Tags.NameOf(point.TagId));
        }
    }

    [Fact]
    public void Leaves_other_layouts_to_the_general_decoder()
    {
        // Given events that are not add_scalar's: a TF2 scalar, a file_version header, a tag of 119 bytes,
        // two values in one summary, and an add_scalar event with a field after the value
        var tf2 = new ProtoWriter().Double(1, 1).Varint(2, 3).Message(5, s => s.Message(1, v => v.String(1, "val/score")
            .Message(8, t => t.Varint(1, 1).Message(2, _ => { }).Bytes(4, [0, 0, 128, 63])))).ToArray();
        var header = new ProtoWriter().Double(1, 1).String(3, "brain.Event:2").ToArray();
        var longTag = AddScalarEvent(new string('t', 119), 1f, 3, 1);
        var twoValues = new ProtoWriter().Double(1, 1).Varint(2, 3)
            .Message(5, s => s.Message(1, v => v.String(1, "a").Float(2, 1)).Message(1, v => v.String(1, "b").Float(2, 2))).ToArray();
        var extraField = new ProtoWriter().Double(1, 1).Varint(2, 3).Message(5, s => s.Message(1, v => v.String(1, "a").Float(2, 1).Varint(7, 1))).ToArray();
        var fast = new AddScalarFastPath(new TagTable());

        foreach (var record in new[] { tf2, header, longTag, twoValues, extraField })
        {
            // When offered alone, and framed after an add_scalar record
            var matched = fast.TryMatch(record, out _);
            var file = Framed([AddScalarEvent("loss", 1f, 2, 1), record]);
            var consumed = fast.Scan(file, file.Length, new ScalarPoint[8], out var count, out var otherLength);

            // Then it is not taken, and the scan stops at it, saying it is sound
            Assert.False(matched);
            Assert.Equal(1, count);
            Assert.Equal(TfEventWriter.Frame(AddScalarEvent("loss", 1f, 2, 1)).Length, consumed);
            Assert.Equal(record.Length, otherLength);
        }

        Assert.Equal(["loss"], Enumerable.Range(0, fast.Tags.Count).Select(fast.Tags.NameOf));
    }

    [Theory]
    [InlineData("length")]
    [InlineData("length-crc")]
    [InlineData("data")]
    [InlineData("data-crc")]
    [InlineData("cut")]
    public void Stops_before_a_record_that_is_not_whole_and_sound(string fault)
    {
        // Given three add_scalar records, the second damaged
        var records = new[] { AddScalarEvent("loss", 1f, 1, 1), AddScalarEvent("loss", 2f, 2, 2), AddScalarEvent("loss", 3f, 3, 3) };
        var file = Framed(records);
        var second = TfEventWriter.Frame(records[0]).Length;
        var secondLength = TfEventWriter.Frame(records[1]).Length;
        switch (fault)
        {
            case "length":
                file[second] ^= 1;
                break;
            case "length-crc":
                file[second + 9] ^= 1;
                break;
            case "data":
                file[second + 20] ^= 1;
                break;
            case "data-crc":
                file[second + secondLength - 2] ^= 1;
                break;
            default:
                file = file[..(second + secondLength - 1)];
                break;
        }

        // When
        var consumed = new AddScalarFastPath(new TagTable()).Scan(file, file.Length, new ScalarPoint[8], out var count, out var otherLength);

        // Then only the first record is taken, and the second is not called sound
        Assert.Equal(1, count);
        Assert.Equal(second, consumed);
        Assert.Equal(-1, otherLength);
    }

    [Fact]
    public void Stops_at_the_offset_limit_and_when_the_points_are_full()
    {
        // Given ten records
        var records = Enumerable.Range(1, 10).Select(i => AddScalarEvent("loss", i, i, i)).ToArray();
        var file = Framed(records);
        var size = TfEventWriter.Frame(records[0]).Length;
        var fastPath = new AddScalarFastPath(new TagTable());

        // When limited to records starting before byte 3 * size + 1, and then to room for two points
        var byOffset = fastPath.Scan(file, (3 * size) + 1, new ScalarPoint[8], out var countByOffset, out _);
        var points = new ScalarPoint[2];
        var byRoom = fastPath.Scan(file.AsSpan(byOffset), file.Length, points, out var countByRoom, out _);

        // Then four records are taken (the fourth starts at 3 * size), then two
        Assert.Equal((4, 4 * size), (countByOffset, byOffset));
        Assert.Equal((2, 2 * size), (countByRoom, byRoom));
        Assert.Equal([5.0, 6.0], points.Select(p => p.Value));
    }

    [Fact]
    public void Reads_records_whose_length_fields_are_little_endian_as_the_writer_frames_them()
    {
        // Given one record framed by hand from tensorboard's record_writer.py definition
        var data = AddScalarEvent("lr", 0.25f, 300, 1_700_000_000);
        var frame = new byte[12 + data.Length + 4];
        BinaryPrimitives.WriteUInt64LittleEndian(frame, (ulong)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(8), ReferenceCrc.MaskedCrc32C(frame.AsSpan(0, 8)));
        data.CopyTo(frame, 12);
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(12 + data.Length), ReferenceCrc.MaskedCrc32C(data));

        // When
        var read = ScanAll(new AddScalarFastPath(new TagTable()), frame);

        // Then
        Assert.Equal([("lr", 300L, 0.25, 1_700_000_000.0)], read);
    }
}
