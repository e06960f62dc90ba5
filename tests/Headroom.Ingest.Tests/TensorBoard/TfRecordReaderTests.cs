namespace Headroom.Ingest.Tests;

public sealed class TfRecordReaderTests
{
    private static readonly byte[][] _payloads =
    [
        [1, 2, 3],
        [],
        Enumerable.Range(0, 40).Select(i => (byte)i).ToArray(),
        [0xFF],
        Enumerable.Range(0, 300).Select(i => (byte)(i * 7)).ToArray(),
    ];

    private static byte[] FramedFile() => _payloads.SelectMany(TfEventWriter.Frame).ToArray();

    private static List<byte[]> ReadAll(TfRecordReader reader, List<FrameStatus>? statuses = null)
    {
        var records = new List<byte[]>();
        while (true)
        {
            var status = reader.Next(out var data);
            statuses?.Add(status);
            if (status == FrameStatus.Record)
            {
                records.Add(data.ToArray());
            }
            else if (status == FrameStatus.LengthCorrupted)
            {
                reader.Resynchronize();
            }
            else if (status is FrameStatus.EndOfFile or FrameStatus.Truncated)
            {
                return records;
            }
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 5)]
    [InlineData(16, 16)]
    [InlineData(16, 7)]
    [InlineData(17, 64)]
    [InlineData(65536, 65536)]
    public void Reader_returns_every_record_when_reads_are_split_anywhere(int readSize, int streamChunk)
    {
        // Given records framed as tensorboard's RecordWriter frames them, delivered in small pieces
        using var reader = new TfRecordReader(new TrickleStream(FramedFile(), streamChunk), readSize);

        // When
        var statuses = new List<FrameStatus>();
        var records = ReadAll(reader, statuses);

        // Then every record comes back intact and the file ends at a record boundary
        Assert.Equal(_payloads.Length, records.Count);
        for (var i = 0; i < _payloads.Length; i++)
        {
            Assert.Equal(_payloads[i], records[i]);
        }

        Assert.Equal(FrameStatus.EndOfFile, statuses[^1]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Reader_keeps_every_record_before_a_cut_anywhere_in_the_last_record(bool seekable)
    {
        var file = FramedFile();
        var lastStart = file.Length - TfEventWriter.Frame(_payloads[^1]).Length;
        for (var cut = lastStart + 1; cut < file.Length; cut++)
        {
            // Given the file cut inside its last record (a live writer's half-flushed tail)
            Stream stream = seekable ? new MemoryStream(file[..cut]) : new TrickleStream(file[..cut], 5);
            using var reader = new TfRecordReader(stream, 16);

            // When
            var statuses = new List<FrameStatus>();
            var records = ReadAll(reader, statuses);

            // Then the earlier records are kept and the tail is reported as truncated at its start
            Assert.Equal(_payloads.Length - 1, records.Count);
            Assert.Equal(FrameStatus.Truncated, statuses[^1]);
            Assert.Equal(lastStart, reader.RecordOffset);
        }
    }

    [Fact]
    public void Reader_steps_over_a_record_whose_data_crc_fails_and_reads_the_next()
    {
        // Given a flipped byte inside the data of the third record
        var file = FramedFile();
        var third = TfEventWriter.Frame(_payloads[0]).Length + TfEventWriter.Frame(_payloads[1]).Length;
        file[third + 12 + 5] ^= 0x40;
        using var reader = new TfRecordReader(new MemoryStream(file), 16);

        // When
        var statuses = new List<FrameStatus>();
        var records = ReadAll(reader, statuses);

        // Then only that record is lost
        Assert.Equal(FrameStatus.DataCorrupted, statuses[2]);
        Assert.Equal([_payloads[0], _payloads[1], _payloads[3], _payloads[4]], records);
    }

    [Fact]
    public void Reader_resynchronises_after_a_corrupted_length_and_reads_the_records_after_it()
    {
        // Given a flipped byte in the length of the third record
        var file = FramedFile();
        var third = TfEventWriter.Frame(_payloads[0]).Length + TfEventWriter.Frame(_payloads[1]).Length;
        file[third + 1] ^= 0x01;
        using var reader = new TfRecordReader(new MemoryStream(file), 16);

        // When
        var statuses = new List<FrameStatus>();
        var records = ReadAll(reader, statuses);

        // Then the corrupted record is lost, the scan finds the fourth, and everything else is read
        Assert.Equal(FrameStatus.LengthCorrupted, statuses[2]);
        Assert.Equal([_payloads[0], _payloads[1], _payloads[3], _payloads[4]], records);
    }

    [Fact]
    public void Reader_checks_and_steps_over_records_larger_than_its_buffer_cap()
    {
        // Given a 300-byte record and a cap of 100 bytes
        using var reader = new TfRecordReader(new MemoryStream(FramedFile()), 16, maxBufferedRecord: 100);

        // When
        var statuses = new List<FrameStatus>();
        var records = ReadAll(reader, statuses);

        // Then the large record is reported (its CRC was sound) and the others are read
        Assert.Equal(FrameStatus.Oversized, statuses[4]);
        Assert.Equal(_payloads[..4], records);
    }

    [Fact]
    public void Reader_reports_a_corrupted_large_record_as_a_data_crc_mismatch()
    {
        // Given the 300-byte record with one flipped byte, read with a 100-byte cap
        var file = FramedFile();
        file[^20] ^= 0x10;
        using var reader = new TfRecordReader(new MemoryStream(file), 16, maxBufferedRecord: 100);

        // When
        var statuses = new List<FrameStatus>();
        ReadAll(reader, statuses);

        // Then
        Assert.Equal(FrameStatus.DataCorrupted, statuses[4]);
        Assert.Equal(FrameStatus.EndOfFile, statuses[^1]);
    }

    [Theory]
    [InlineData(true, 16)]
    [InlineData(true, 4096)]
    [InlineData(false, 16)]
    [InlineData(false, 4096)]
    public void SkipTo_moves_to_a_later_record_inside_or_beyond_the_buffer(bool seekable, int readSize)
    {
        // Given the framed file, read from the start
        var file = FramedFile();
        var offsets = new List<long> { 0 };
        foreach (var payload in _payloads)
        {
            offsets.Add(offsets[^1] + TfEventWriter.Frame(payload).Length);
        }

        Stream stream = seekable ? new MemoryStream(file) : new TrickleStream(file, 7);
        using var reader = new TfRecordReader(stream, readSize);
        Assert.Equal(FrameStatus.Record, reader.Next(out _));

        // When it skips to the fourth record, then to the fifth, then to the end
        reader.SkipTo(offsets[3]);
        var fourth = reader.Next(out var fourthData) == FrameStatus.Record ? fourthData.ToArray() : null;
        reader.SkipTo(offsets[4]);
        var fifth = reader.Next(out var fifthData) == FrameStatus.Record ? fifthData.ToArray() : null;
        reader.SkipTo(file.Length);

        // Then it reads those records, with their offsets, and then the end of the file
        Assert.Equal(_payloads[3], fourth);
        Assert.Equal(_payloads[4], fifth);
        Assert.Equal(offsets[4], reader.RecordOffset);
        Assert.Equal(FrameStatus.EndOfFile, reader.Next(out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => reader.SkipTo(0));
    }

    [Fact]
    public void Consume_takes_buffered_bytes_and_records_where_they_started()
    {
        // Given the framed file with the first record read
        var file = FramedFile();
        using var reader = new TfRecordReader(new MemoryStream(file), 4096);
        Assert.Equal(FrameStatus.Record, reader.Next(out _));
        var second = reader.Position;

        // When the next two records are consumed from the buffer
        var two = TfEventWriter.Frame(_payloads[1]).Length + TfEventWriter.Frame(_payloads[2]).Length;
        Assert.True(reader.Buffered.Length >= two);
        reader.Consume(two);

        // Then the offset is the second record's, and reading goes on with the fourth
        Assert.Equal(second, reader.RecordOffset);
        Assert.Equal(FrameStatus.Record, reader.Next(out var data));
        Assert.Equal(_payloads[3], data.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => reader.Consume(reader.Buffered.Length + 1));
    }
}
