using System.Globalization;
using System.Text.Json;
using Headroom.Cli.Tests.Data;
using Parquet.Serialization;

namespace Headroom.Cli.Tests.Commands;

public sealed class IngestCommandTests
{
    private static readonly string[] _columns = ["run", "format", "path", "key", "canonical", "benchmark", "step", "value", "wall_time"];

    [Fact]
    public void Ingest_writes_a_tidy_CSV_with_one_row_per_run_key_and_step()
    {
        // Given an HF run (20 train logs, 4 evals, 20 learning rates, 20 epochs, 2 flops points) and a verl log
        using var scratch = new TempFolder();
        scratch.Write("logs/sft/checkpoint-100/trainer_state.json", Fixtures.TrainerState(100));
        scratch.Write("logs/sft/trainer_state.json", Fixtures.TrainerState(200));
        scratch.Write("logs/verl.jsonl", Fixtures.VerlJsonl());
        var table = scratch.Combine("tidy.csv");

        // When
        var result = CliRun.Of("ingest", scratch.Combine("logs"), "--out", table);

        // Then
        Assert.Equal(0, result.ExitCode);
        var lines = File.ReadAllLines(table);
        Assert.Equal(string.Join(',', _columns), lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        var hfRows = 20 + 4 + 4 + 20 + 20 + 2;
        var verlRows = (3 * 5) - 0;
        Assert.Equal(hfRows + verlRows, rows.Count);
        var eval150 = rows.Single(r => r[0] == "sft" && r[3] == "eval_loss" && r[6] == "150");
        Assert.Equal(("trainer_state", "sft_val_loss", string.Empty), (eval150[1], eval150[4], eval150[5]));
        Assert.Equal(1.9 - (150 / 2000.0), double.Parse(eval150[7], CultureInfo.InvariantCulture), 12);
        var val = rows.Where(r => r[3] == "val-core/openai/gsm8k/acc/mean@4").ToList();
        Assert.Equal(["NaN", "NaN", "0.71"], val.Select(r => r[7]));
        Assert.All(val, r => Assert.Equal(("rl_val_score", "openai/gsm8k"), (r[4], r[5])));
        Assert.Equal($"wrote {hfRows + verlRows} rows from 2 runs (verl_jsonl, trainer_state) to {table}", result.Out.Split('\n')[0]);
    }

    [Fact]
    public void Ingest_writes_JSONL_and_reports_its_summary_as_JSON()
    {
        // Given
        using var scratch = new TempFolder();
        var log = scratch.Write("verl.jsonl", Fixtures.VerlJsonl());
        var table = scratch.Combine("out/tidy.jsonl");
        Directory.CreateDirectory(scratch.Combine("out"));

        // When
        var result = CliRun.Of("ingest", log, "--out", table, "--format", "json");

        // Then
        Assert.Equal(0, result.ExitCode);
        using var summary = JsonDocument.Parse(result.Out);
        Assert.Equal(15, summary.RootElement.GetProperty("rows").GetInt64());
        Assert.Equal(1, summary.RootElement.GetProperty("runs").GetInt32());
        Assert.Equal(0, summary.RootElement.GetProperty("skipped").GetInt64());
        var rows = File.ReadAllLines(table).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(15, rows.Count);
        Assert.Equal(_columns, rows[0].EnumerateObject().Select(p => p.Name));
        var lr = rows.First(r => r.GetProperty("key").GetString() == "actor/lr");
        Assert.Equal(("lr", 1e-6), (lr.GetProperty("canonical").GetString(), lr.GetProperty("value").GetDouble()));
        Assert.Equal(JsonValueKind.Null, rows.First(r => r.GetProperty("key").GetString()!.StartsWith("val-core", StringComparison.Ordinal)).GetProperty("value").ValueKind);
    }

    [Fact]
    public async Task Ingest_writes_Parquet_that_reads_back_row_for_row()
    {
        // Given
        using var scratch = new TempFolder();
        var log = scratch.Write("run/trainer_state.json", Fixtures.TrainerState(50));
        var table = scratch.Combine("tidy.parquet");

        // When
        var result = CliRun.Of("ingest", log, "--out", table);

        // Then
        Assert.Equal(0, result.ExitCode);
        var back = await ParquetSerializer.DeserializeUntypedAsync(File.OpenRead(table), cancellationToken: TestContext.Current.CancellationToken);
        var rows = back.Data.ToList();
        Assert.Equal(5 + 1 + 1 + 5 + 5 + 1, rows.Count);
        var eval = rows.Single(r => (string)r["key"]! == "eval_loss");
        Assert.Equal((50L, 1.9 - 0.025, "sft_val_loss"), ((long)eval["step"]!, (double)eval["value"]!, (string?)eval["canonical"]));
    }

    [Fact]
    public async Task Ingest_streams_a_resumed_TensorBoard_run_to_Parquet_that_Parquet_Nets_column_reader_reads_back_exactly()
    {
        // Given an event file whose run restarted at step 3: steps 3..5 are logged twice, the later values win
        using var scratch = new TempFolder();
        var scalars = Enumerable.Range(1, 5).Select(i => ("train/loss", (long)i, 2f - (i * 0.1f)))
            .Concat(Enumerable.Range(3, 4).Select(i => ("train/loss", (long)i, 1f - (i * 0.01f))))
            .Concat(Enumerable.Range(1, 6).Select(i => ("train/learning_rate", (long)i, 1e-5f)));
        var log = scratch.WriteBytes("runs/events.out.tfevents.1713260000.gpu01.1.0", Fixtures.EventFile(scalars));
        var table = scratch.Combine("tidy.parquet");

        // When
        var result = CliRun.Of("ingest", log, "--out", table);

        // Then the rows, read column by column: 6 learning rates, 6 losses (1, 2 first written; 3..6 rewritten)
        Assert.Equal(0, result.ExitCode);
        var cancel = TestContext.Current.CancellationToken;
        await using var reader = await Parquet.ParquetReader.CreateAsync(table, cancellationToken: cancel);
        var fields = reader.Schema.GetDataFields();
        Assert.Equal(_columns, fields.Select(f => f.Name));
        var keys = new List<string>();
        var steps = new List<long>();
        var values = new List<double>();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var rows = (int)group.RowCount;
            var keyColumn = new string?[rows];
            var stepColumn = new long[rows];
            var valueColumn = new double[rows];
            await group.ReadAsync(fields[3], keyColumn.AsMemory(), null, cancel);
            await group.ReadAsync(fields[6], stepColumn.AsMemory(), null, cancel);
            await group.ReadAsync(fields[7], valueColumn.AsMemory(), null, cancel);
            keys.AddRange(keyColumn.Select(k => k!));
            steps.AddRange(stepColumn);
            values.AddRange(valueColumn);
        }

        var loss = Enumerable.Range(0, keys.Count).Where(i => keys[i] == "train/loss").Select(i => (steps[i], values[i])).ToList();
        Assert.Equal([(1L, (double)(2f - 0.1f)), (2L, (double)(2f - 0.2f)), (3L, (double)(1f - 0.03f)), (4L, (double)(1f - 0.04f)), (5L, (double)(1f - 0.05f)), (6L, (double)(1f - 0.06f))], loss);
        Assert.Equal(Enumerable.Range(1, 6).Select(i => (long)i), Enumerable.Range(0, keys.Count).Where(i => keys[i] == "train/learning_rate").Select(i => steps[i]));
        Assert.Equal(12, keys.Count);
    }

    [Fact]
    public void Ingest_reads_a_generic_CSV_with_a_column_mapping()
    {
        // Given a long table of two runs
        using var scratch = new TempFolder();
        var csv = scratch.Write("export.csv", "name,iter,metric,val\na,1,eval/loss,2.5\na,2,eval/loss,2.25\nb,1,eval/loss,2.75\n");
        var table = scratch.Combine("tidy.csv");

        // When
        var result = CliRun.Of("ingest", csv, "--out", table, "--step", "iter", "--run", "name", "--key", "metric", "--value", "val");

        // Then
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            [$"a,generic_csv,{csv},eval/loss,sft_val_loss,,1,2.5,", $"a,generic_csv,{csv},eval/loss,sft_val_loss,,2,2.25,", $"b,generic_csv,{csv},eval/loss,sft_val_loss,,1,2.75,"],
            File.ReadAllLines(table).Skip(1));
    }

    [Theory]
    [InlineData("tidy.xlsx", "cannot tell the table format from the extension '.xlsx'; use .csv, .jsonl or .parquet.")]
    public void Ingest_to_an_unknown_extension_exits_1_with_one_line(string name, string message)
    {
        using var scratch = new TempFolder();
        var log = scratch.Write("verl.jsonl", Fixtures.VerlJsonl());
        var target = scratch.Combine(name);
        var result = CliRun.Of("ingest", log, "--out", target);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"headroom: {target}: {message}", result.Err.TrimEnd());
        Assert.False(File.Exists(target));
    }

    [Fact]
    public void Ingest_of_a_generic_table_missing_its_step_column_exits_1_naming_the_columns()
    {
        using var scratch = new TempFolder();
        var csv = scratch.Write("export.csv", "Step,loss\n1,2\n");
        var result = CliRun.Of("ingest", csv, "--out", scratch.Combine("t.csv"), "--step", "step");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"headroom: {csv}: no column 'step'; the columns are 'Step', 'loss'.", result.Err.TrimEnd());
    }

    [Fact]
    public void Ingest_without_out_is_a_usage_error()
    {
        var result = CliRun.Of("ingest", "/tmp");
        Assert.Equal(2, result.ExitCode);
    }
}
