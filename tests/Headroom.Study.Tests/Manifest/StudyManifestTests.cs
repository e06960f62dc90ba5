namespace Headroom.Study.Tests.Manifest;

public sealed class StudyManifestTests
{
    private const string Valid = """
        study: demo
        model:
          preset: qwen2.5-7b
        sft:
          - name: base-sft
            logs: runs/sft
        rl:
          - name: b1
            from: base-sft@1200
            algorithm: dapo
            logs: runs/rl/b1.jsonl
        fit:
          mode: paper
          branches:
            b1: {fit_points: 12, tau: 2.5, lts_alpha: 0.75}
          bootstrap: 200
        """;

    [Fact]
    public void A_valid_manifest_resolves_paths_against_its_folder_and_reads_every_section()
    {
        // Given a manifest in /studies/x
        var path = Path.Combine(Path.GetTempPath(), "studies", "x", "study.yaml");

        // When
        var manifest = StudyManifest.Parse(Valid, path);

        // Then
        Assert.Equal("demo", manifest.Name);
        Assert.Equal("qwen2.5-7b", manifest.Model.Preset);
        var run = Assert.Single(manifest.SftRuns);
        Assert.Equal(Path.Combine(Path.GetTempPath(), "studies", "x", "runs", "sft"), run.Logs[0]);
        var branch = Assert.Single(manifest.Branches);
        Assert.Equal(("base-sft", 1200.0), (branch.From, branch.FromStep));
        Assert.Equal(Paradigm.SftThenRl, branch.Paradigm);
        Assert.Equal(FitMode.Paper, manifest.Fit.Mode);
        Assert.Equal((12, 2.5, 0.75), (manifest.Fit.PerBranch["b1"].TrainEnd, manifest.Fit.PerBranch["b1"].OutlierThreshold, manifest.Fit.PerBranch["b1"].LtsAlpha));
        Assert.Equal(200, manifest.Fit.Bootstrap.Resamples);
    }

    [Theory]
    [InlineData("    from: base-sft@1200", "    from: base-sft", "line 9, field 'rl[0].from': 'base-sft' names no step")]
    [InlineData("    from: base-sft@1200", "    from: other@10", "line 8, field 'rl[0].from': no SFT run is named 'other'")]
    [InlineData("    algorithm: dapo", "    algoritm: dapo", "line 10: unknown field 'rl[0].algoritm'")]
    [InlineData("  preset: qwen2.5-7b", "  preset: qwen2.5-7b\n  convention: 7n", "line 4, field 'model.convention': '7n' is not a convention")]
    [InlineData("    b1: {fit_points: 12, tau: 2.5, lts_alpha: 0.75}", "    b1: {fit_points: 12, tau: 2.5, lts_alpha: 1.5}", "line 15, field 'fit.branches.b1.lts_alpha': 1.5 must lie in (0, 1]")]
    [InlineData("  bootstrap: 200", "  bootstrap: many", "line 16, field 'fit.bootstrap': 'many' must be a whole number")]
    [InlineData("    logs: runs/sft", "    dataset: x", "line 5: 'sft[0].logs' is missing")]
    public void A_bad_field_is_refused_naming_the_manifest_line_and_field(string original, string replacement, string expected)
    {
        // Given a manifest with one bad field
        var yaml = Valid.Replace(original, replacement, StringComparison.Ordinal);

        // When
        var error = Assert.Throws<StudyException>(() => StudyManifest.Parse(yaml, "study.yaml"));

        // Then the message names the file, the line and the field
        Assert.StartsWith("study.yaml: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_open_todo_left_by_init_is_refused_with_its_line()
    {
        // Given a manifest where init could not infer a branch point
        var yaml = Valid.Replace("    from: base-sft@1200", "    # TODO from: <sft-run>@<step>  (no SFT checkpoint named in the run's config)", StringComparison.Ordinal);

        // When
        var error = Assert.Throws<StudyException>(() => StudyManifest.Parse(yaml, "study.yaml"));

        // Then
        Assert.Equal("study.yaml: line 9: a TODO left by 'headroom init' is still open (TODO from: <sft-run>@<step>  (no SFT checkpoint named in the run's config)); fill it in (or delete the line) before analysing.", error.Message);
    }

    [Fact]
    public void Paper_mode_without_settings_is_refused()
    {
        // Given
        var yaml = Valid.Replace("  branches:\n    b1: {fit_points: 12, tau: 2.5, lts_alpha: 0.75}\n", string.Empty, StringComparison.Ordinal);

        // When
        var error = Assert.Throws<StudyException>(() => StudyManifest.Parse(yaml, "study.yaml"));

        // Then
        Assert.Contains("field 'fit.mode': paper mode needs explicit settings", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("study: x\n  model: y\n", @"^study\.yaml: line 2: the manifest does not parse as YAML")]
    [InlineData("study: x\nmodel:\n  preset: {qwen\nsft: []\n", @"^study\.yaml: the manifest does not parse as YAML \(an unclosed")]
    public void Yaml_that_does_not_parse_is_refused_in_one_line(string yaml, string expected)
    {
        // When
        var error = Assert.ThrowsAny<Exception>(() => StudyManifest.Parse(yaml, "study.yaml"));

        // Then
        Assert.True(error is StudyException, error.ToString());
        Assert.Matches(expected, error.Message);
    }
}
