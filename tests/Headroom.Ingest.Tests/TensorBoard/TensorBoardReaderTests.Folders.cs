namespace Headroom.Ingest.Tests;

public sealed partial class TensorBoardReaderTests
{
    [Fact]
    public void Merges_restart_files_keeping_the_last_value_written_for_each_step()
    {
        // Given a run that crashed after step 10 and restarted from its step-5 checkpoint (a new file,
        // opened later, whose name sorts first because the host name changed)
        using var folder = new TempFolder();
        using (var first = new TfEventWriter(folder.File("events.out.tfevents.1700000000.zeta.1.0"), openedAt: 1_700_000_000))
        {
            for (var step = 0; step <= 10; step++)
            {
                first.AddScalar("train/loss", 100 + step, step, 1_700_000_000 + step);
            }
        }

        using (var second = new TfEventWriter(folder.File("events.out.tfevents.1700005000.alpha.2.0"), openedAt: 1_700_005_000))
        {
            for (var step = 5; step <= 8; step++)
            {
                second.AddScalar("train/loss", 200 + step, step, 1_700_005_000 + step);
            }
        }

        // When
        var run = ReadSingle(folder.Path);

        // Then steps 5-8 come from the restart, the others from the first file (orphans 9-10 kept)
        Assert.Equal(Enumerable.Range(0, 11).Select(s => (long)s), Steps(run, "train/loss"));
        Assert.Equal([100.0, 101, 102, 103, 104, 205, 206, 207, 208, 109, 110], Values(run, "train/loss"));
        Assert.Equal("2", run.Metadata["event_files"]);
    }

    [Fact]
    public void Keeps_the_last_of_two_values_logged_at_the_same_step_in_one_file()
    {
        // Given a step logged twice in one file
        using var folder = new TempFolder();
        var file = folder.File("events.out.tfevents.1700000000.host.1.0");
        using (var writer = new TfEventWriter(file))
        {
            writer.AddScalar("x", 1f, 3, 1_700_000_003);
            writer.AddScalar("x", 2f, 4, 1_700_000_004);
            writer.AddScalar("x", 3f, 3, 1_700_000_005);
        }

        // When
        var run = ReadSingle(file);

        // Then
        Assert.Equal([3L, 4], Steps(run, "x"));
        Assert.Equal([3.0, 2.0], Values(run, "x"));
    }

    [Fact]
    public void Folder_with_nested_run_folders_gives_one_run_per_folder()
    {
        // Given HF's layout: the run folder and the hparams sub-folder
        using var folder = new TempFolder();
        using (var main = new TfEventWriter(folder.File("Apr26_host", "events.out.tfevents.1682480667.host")))
        {
            main.AddScalar("train/loss", 1f, 1, 1_682_480_668);
        }

        using (var hparams = new TfEventWriter(folder.File("Apr26_host", "1682480667.134984", "events.out.tfevents.1682480667.host")))
        {
            hparams.AddHparams("_hparams_/experiment", [0x1A, 0x00], 1_682_480_667);
        }

        // When
        var runs = new TensorBoardReader().Read(folder.Path, ReaderOptions.Default);

        // Then
        Assert.Equal(["Apr26_host", Path.Combine("Apr26_host", "1682480667.134984")], runs.Select(r => r.Name));
        Assert.Single(runs[0].Series);
        Assert.Empty(runs[1].Series);
    }

    [Fact]
    public void ReadScalars_streams_the_values_in_file_order_and_counts_what_it_skipped()
    {
        // Given
        using var folder = new TempFolder();
        var file = folder.File("events.out.tfevents.1700000000.host.1.0");
        using (var writer = new TfEventWriter(file))
        {
            writer.AddScalar("b", 1f, 1, 1_700_000_001);
            writer.AddText("t", "x", 1, 1_700_000_001);
            writer.AddScalar("a", 2f, 1, 1_700_000_001);
            writer.AddScalar("b", 3f, 2, 1_700_000_002);
        }

        // When
        var stream = TensorBoardReader.ReadScalars(file);
        var scalars = stream.ToList();

        // Then
        Assert.Equal(
            [new TensorBoardScalar("b", 1, 1, 1_700_000_001), new("a", 1, 2, 1_700_000_001), new("b", 2, 3, 1_700_000_002)],
            scalars);
        Assert.Equal(5, stream.Records);
        Assert.Equal("non-scalar summary (text)", Assert.Single(stream.Skipped).Reason);
    }

    [Fact]
    public void CanRead_recognises_event_files_and_folders_that_hold_them()
    {
        // Given
        using var folder = new TempFolder();
        var file = folder.File("run", "events.out.tfevents.1700000000.host.1.0");
        new TfEventWriter(file).Dispose();
        File.WriteAllText(folder.File("run", "trainer_state.json"), "{}");
        var reader = new TensorBoardReader();

        // When / Then
        Assert.True(reader.CanRead(file));
        Assert.True(reader.CanRead(Path.Combine(folder.Path, "run")));
        Assert.False(reader.CanRead(folder.Path));
        Assert.False(reader.CanRead(Path.Combine(folder.Path, "run", "trainer_state.json")));
    }
}
