using System.Globalization;
using System.Text;

namespace Headroom.Study.Tests.Loading;

/// <summary>DAPO's dynamic sampling in RL compute: K generation rounds of the generation batch plus 3 training passes.</summary>
public sealed class DapoComputeTests
{
    [Theory]
    [InlineData(1, 1.0, 4.0 / 4)]
    [InlineData(2, 1.0, 5.0 / 4)]
    [InlineData(3, 2.0, 9.0 / 4)]
    public void Logged_generation_rounds_scale_compute_by_k_times_the_batch_ratio_plus_three_over_four(int rounds, double ratio, double expected)
    {
        // Given two copies of a verl run with the same tokens and lengths, one logging DAPO's rounds per step
        using var folder = new TempFolder();
        Run(folder, "grpo", rounds: null);
        Run(folder, "dapo", rounds);
        var manifest = folder.Write("study.yaml", $$"""
            study: dapo compute
            model: {preset: qwen2.5-7b}
            pure_rl:
              - name: grpo
                logs: grpo
                scores: [val/score]
              - name: dapo
                logs: dapo
                scores: [val/score]
                compute: {gen_ratio: {{ratio.ToString(CultureInfo.InvariantCulture)}}}
            fit:
              bootstrap: 0
            """);

        // When
        var study = StudyLoader.Load(manifest);

        // Then every evaluation's compute is (K r + 3) / 4 times GRPO's
        var grpo = study.Branches.Single(b => b.Name == "grpo").Curve.Compute;
        var dapo = study.Branches.Single(b => b.Name == "dapo").Curve.Compute;
        Assert.Equal(grpo.Count, dapo.Count);
        for (var i = 0; i < grpo.Count; i++)
        {
            Precision.AssertClose(grpo[i] * expected, dapo[i], digits: 10);
        }
    }

    private static void Run(TempFolder folder, string name, int? rounds)
    {
        var text = new StringBuilder();
        for (var step = 0; step <= 20; step++)
        {
            var data = step == 0 || step % 5 == 0 ? $"\"val/score\":{(0.3 + (step * 0.01)).ToString(CultureInfo.InvariantCulture)}" : string.Empty;
            var train = step == 0 ? string.Empty : $"\"perf/total_num_tokens\":1000000,\"prompt_length/mean\":200,\"response_length/mean\":1000{(rounds is { } k ? $",\"train/num_gen_batches\":{k}" : string.Empty)}";
            var fields = string.Join(",", new[] { data, train }.Where(f => f.Length > 0));
            text.Append(CultureInfo.InvariantCulture, $"{{\"step\":{step},\"data\":{{{fields}}}}}\n");
        }

        folder.Write(Path.Combine(name, $"{name}.jsonl"), text.ToString());
    }
}
