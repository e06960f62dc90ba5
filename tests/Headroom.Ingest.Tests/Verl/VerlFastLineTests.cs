using System.Globalization;
using System.Text;
using Headroom.Ingest.Tests.Data;

namespace Headroom.Ingest.Tests.Verl;

/// <summary>
/// verl's common JSONL lines are read without a JSON document (<see cref="VerlFastLine"/>); every other line as a
/// document. Read both ways (the options' switch), a file must give the same run to the bit: series, points, skips
/// with their first lines, metadata, and the same errors.
/// </summary>
public sealed class VerlFastLineTests
{
    private static readonly ReaderOptions _documents = ReaderOptions.Default with { VerlFastLines = false };

    [Theory]
    [InlineData("{\"step\": 3, \"data\": {\"actor/entropy\": 0.5, \"critic/score/mean\": -1.25e-3}}", true)]
    [InlineData("{\"data\": {\"a\": null, \"b\": true, \"c\": \"0.5\", \"d\": \"warmup\", \"e\": [1, 2]}, \"step\": 7, \"extra\": {\"x\": 1}}", true)]
    [InlineData("{\"step\": 3, \"data\": {\"nested\": {\"a\": 1}}}", false)]
    [InlineData("{\"step\": 3, \"data\": {\"a\": NaN}}", false)]
    [InlineData("{\"step\": \"3\", \"data\": {\"a\": 1}}", false)]
    [InlineData("{\"step\": 3.5, \"data\": {\"a\": 1}}", false)]
    [InlineData("{\"step\": 3, \"step\": 4, \"data\": {\"a\": 1}}", false)]
    [InlineData("{\"step\": 3, \"data\": {\"step\": 1}}", false)]
    [InlineData("{\"step\": 3, \"data\": {\"a\\u0041\": 1}}", false)]
    [InlineData("{\"step\": 3, \"data\": {\"a\": 1}", false)]
    [InlineData("{\"step\": 3}", false)]
    [InlineData("[1, 2]", false)]
    public void Lines_of_the_common_shape_are_read_fast_and_the_others_are_left_to_the_document(string line, bool fast)
    {
        // Given a line; When it is read fast; Then it is read only when it has the common shape
        Assert.Equal(fast, new VerlFastLine().TryRead(Encoding.UTF8.GetBytes(line)));
    }

    [Fact]
    public void A_file_of_every_shape_reads_the_same_fast_as_read_as_documents()
    {
        // Given lines of every shape, the common ones and the odd ones mixed, repeated steps, a malformed line and a
        // last line cut short
        var random = new Random(3);
        var lines = new List<string>();
        for (var step = 0; step < 300; step++)
        {
            var data = new List<string>
            {
                $"\"actor/entropy\": {(random.NextDouble() * 2).ToString("R", CultureInfo.InvariantCulture)}",
                $"\"critic/score/mean\": {(random.NextDouble() - 0.5).ToString("E16", CultureInfo.InvariantCulture)}",
                "\"training/global_step\": " + step.ToString(CultureInfo.InvariantCulture),
            };
            data.Add((step % 11) switch
            {
                0 => "\"actor/pg_loss\": null",
                1 => "\"flag\": true",
                2 => "\"lr\": \"1e-6\"",
                3 => "\"mode\": \"warmup\"",
                4 => "\"hist\": [1, 2, 3]",
                5 => "\"nested\": {\"a\": 1.5, \"b\": \"x\"}",
                6 => "\"bad\": NaN",
                7 => "\"esc\\u0061ped\": 2.5",
                8 => "\"big\": 1e400",
                _ => "\"actor/pg_loss\": -0.0",
            });
            var written = step % 37 == 5 ? step - 1 : step;
            lines.Add(step % 53 == 7 ? "{\"step\": oops}" : $"{{\"step\": {written}, \"data\": {{{string.Join(", ", data)}}}}}");
        }

        using var temp = new TempFolder();
        var file = temp.Write("run.jsonl", string.Join("\n", lines) + "\n{\"step\": 300, \"data\": {\"actor/ent");

        // When read fast and as documents
        var fast = Outcome(file, ReaderOptions.Default);

        // Then the same to the bit; by hand: steps 0-299 of actor/entropy less the 6 malformed lines (step % 53 == 7) and
        // the 8 lines that repeat the step before them (step % 37 == 5: one point per step, the later value kept)
        Assert.Equal(Outcome(file, _documents), fast);
        Assert.Contains($"actor/entropy (entropy): {300 - 6 - 8} points", fast, StringComparison.Ordinal);
        Assert.Equal(Outcome(file, _documents with { BadRecords = BadRecordPolicy.Strict }), Outcome(file, ReaderOptions.Default with { BadRecords = BadRecordPolicy.Strict }));
    }

    [Fact]
    public void The_real_verl_log_reads_the_same_fast_as_read_as_documents()
    {
        // Given verl's gsm8k example log (../shared/realworld)
        var file = Path.Combine(SharedData.RequireFolder("realworld"), "verl", "HanlinDu__verl", "verl_examples", "gsm8k.jsonl");

        // When, Then
        Assert.Equal(Outcome(file, _documents), Outcome(file, ReaderOptions.Default));
    }

    private static string Outcome(string path, ReaderOptions options)
    {
        try
        {
            var text = new StringBuilder(RunText.Of(Assert.Single(new VerlJsonlReader().Read(path, options))));
            foreach (var series in Assert.Single(LogIngest.Summarise([path], options).Runs).Series)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"summary {series}");
            }

            return text.ToString();
        }
        catch (IngestException error)
        {
            return $"error: {error.Message}";
        }
    }
}
