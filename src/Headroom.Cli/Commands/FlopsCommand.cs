using System.CommandLine;
using System.Globalization;
using CsvHelper;
using Headroom.Cli.Output;
using Headroom.Core;
using Headroom.Core.Compute;
using Headroom.Ingest;
using Spectre.Console;

namespace Headroom.Cli.Commands;

/// <summary>`headroom flops`: training compute of a run from model dimensions and per-step shape (framework.md §6).</summary>
internal static class FlopsCommand
{
    private static readonly Dictionary<string, TrainingParadigm> _paradigms = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sft"] = TrainingParadigm.Sft,
        ["grpo"] = TrainingParadigm.Grpo,
        ["dapo"] = TrainingParadigm.Dapo,
        ["luffy"] = TrainingParadigm.Luffy,
        ["srft"] = TrainingParadigm.Srft,
        ["upt"] = TrainingParadigm.Upt,
        ["prefix-rft"] = TrainingParadigm.PrefixRft,
    };

    private static readonly Dictionary<string, FlopsConvention> _conventions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["retu"] = FlopsConvention.Retu,
        ["6n"] = FlopsConvention.SixN,
        ["verl"] = FlopsConvention.Verl,
    };

    public static Command Create()
    {
        var model = new Option<string?>("--model") { Description = $"A built-in model: {string.Join(", ", ModelPresets.All.Select(m => m.Name.ToLowerInvariant()))}." };
        var config = new Option<string?>("--config")
        {
            Description = "A Hugging Face config.json to read the model from: a dense decoder (Qwen2, Llama, Mistral-style), or a mixture of experts (Mixtral, Qwen2-MoE, Qwen3-MoE, DeepSeek-V2/V3 with latent attention).",
        };
        var paradigm = Choice("--paradigm", _paradigms, "The paradigm whose per-step formula applies");
        paradigm.Required = true;
        var batch = new Option<double>("--batch") { Required = true, Description = "SFT: sequences per step. RL: prompts trained per step (B; B_train for DAPO)." };
        var seqLen = new Option<double>("--seq-len") { Required = true, Description = "Mean tokens per sequence, prompt + response (S; S_on for LUFFY/SRFT/UPT)." };
        var steps = new Option<long>("--steps") { Description = "Training steps.", DefaultValueFactory = _ => 1 };
        var group = new Option<double?>("--group") { Description = "RL: rollouts per prompt, G." };
        var genRounds = new Option<double>("--gen-rounds") { Description = "DAPO: generation rounds per step, K (a mean over steps is fine).", DefaultValueFactory = _ => 1 };
        var genBatch = new Option<double?>("--gen-batch") { Description = "DAPO: prompts per generation round, B_gen (default: --batch)." };
        var experts = new Option<double?>("--expert-per-prompt") { Description = "LUFFY/SRFT: expert trajectories per prompt, N. UPT: mean expert trajectories imitated per prompt, N_off." };
        var onTrained = new Option<double?>("--on-trained-per-prompt") { Description = "UPT: mean on-policy rollouts trained per prompt, N_on (default: --group)." };
        var seqLenOff = new Option<double?>("--seq-len-off") { Description = "Mean tokens per expert trajectory, S_off (default: --seq-len)." };
        var convention = Choice("--convention", _conventions, "How a token's FLOPs are counted");
        convention.DefaultValueFactory = _ => FlopsConvention.Retu;
        var format = CommonOptions.Format();

        var command = new Command("flops", "Training compute (FLOPs) of a run: per token, per step and in total, naming the convention used.");
        foreach (var option in new Option[] { model, config, paradigm, batch, seqLen, steps, group, genRounds, genBatch, experts, onTrained, seqLenOff, convention, format })
        {
            command.Options.Add(option);
        }

        command.Validators.Add(result =>
        {
            var hasModel = result.GetResult(model) is not null;
            if (hasModel == (result.GetResult(config) is not null))
            {
                result.AddError("Give exactly one of --model (a built-in model) or --config (a config.json).");
            }
            else if (hasModel && !ModelPresets.TryFind(result.GetValue(model)!, out _))
            {
                result.AddError($"Unknown --model '{result.GetValue(model)}'; the built-in models are {string.Join(", ", ModelPresets.All.Select(m => m.Name.ToLowerInvariant()))} (or use --config config.json).");
            }

            // Read the token, not the value: an unknown paradigm already has its own parse error.
            if (result.GetResult(paradigm)?.Tokens is not [var token] || !_paradigms.TryGetValue(token.Value, out var chosen))
            {
                return;
            }

            if (chosen != TrainingParadigm.Sft && result.GetResult(group) is null)
            {
                result.AddError($"--paradigm {NameOf(chosen)} needs --group (rollouts per prompt, G).");
            }

            if (chosen is TrainingParadigm.Luffy or TrainingParadigm.Srft or TrainingParadigm.Upt && result.GetResult(experts) is null)
            {
                result.AddError($"--paradigm {NameOf(chosen)} needs --expert-per-prompt (expert trajectories per prompt).");
            }
        });

        command.SetAction(parse =>
        {
            var dimensions = parse.GetValue(config) is { } path ? HfModelConfigReader.Read(path) : Preset(parse.GetValue(model)!);
            var step = new StepShape
            {
                Batch = parse.GetValue(batch),
                Sequence = Lengths("--seq-len", parse.GetValue(seqLen)),
                Group = parse.GetValue(group) ?? 1,
                GenerationRounds = parse.GetValue(genRounds),
                GenerationBatch = parse.GetValue(genBatch),
                ExpertPerPrompt = parse.GetValue(experts) ?? 0,
                OffPolicySequence = parse.GetValue(seqLenOff) is { } off ? Lengths("--seq-len-off", off) : null,
                OnPolicyTrainedPerPrompt = parse.GetValue(onTrained),
            };
            var estimate = TrainingFlops.Estimate(dimensions, parse.GetValue(paradigm), step, parse.GetValue(steps), parse.GetValue(convention));
            var report = Report(estimate, parse.GetValue(config) ?? "preset");
            switch (parse.GetValue(format))
            {
                case OutputFormat.Json:
                    JsonOutput.Write(parse.InvocationConfiguration.Output, report);
                    break;
                case OutputFormat.Csv:
                    WriteCsv(parse.InvocationConfiguration.Output, report);
                    break;
                default:
                    WriteTable(parse.InvocationConfiguration.Output, report);
                    break;
            }

            return HeadroomCli.Success;
        });
        return command;
    }

    private static ModelDimensions Preset(string name)
        => ModelPresets.TryFind(name, out var preset) ? preset : throw new InvalidOperationException($"Validated preset '{name}' vanished.");

    private static SequenceLengths Lengths(string option, double mean)
        => double.IsFinite(mean) && mean > 0 ? SequenceLengths.OfMean(mean) : throw InvalidSettingException.OutOfRange(option, mean, "a positive number of tokens");

    private static Option<T> Choice<T>(string name, Dictionary<string, T> choices, string description)
        => new(name)
        {
            Description = $"{description}: {string.Join(", ", choices.Keys)}.",
            HelpName = string.Join("|", choices.Keys),
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 0 ? string.Empty : result.Tokens[0].Value;
                if (choices.TryGetValue(text, out var value))
                {
                    return value;
                }

                result.AddError($"Unknown {name} '{text}'; use one of {string.Join(", ", choices.Keys)}.");
                return default!;
            },
        };

    private static string NameOf(TrainingParadigm paradigm) => _paradigms.First(p => p.Value == paradigm).Key;

    private static string NameOf(FlopsConvention convention) => _conventions.First(c => c.Value == convention).Key;

    private static FlopsReport Report(FlopsEstimate e, string source)
    {
        var s = e.Step;
        var inputs = new Dictionary<string, double> { ["batch"] = s.Batch, ["seq_len"] = s.Sequence.Mean, ["steps"] = e.Steps };
        if (e.Paradigm != TrainingParadigm.Sft)
        {
            inputs["group"] = s.Group;
        }

        if (e.Paradigm == TrainingParadigm.Dapo)
        {
            inputs["gen_rounds"] = s.GenerationRounds;
            inputs["gen_batch"] = s.GenerationBatch ?? s.Batch;
        }

        if (e.Paradigm is TrainingParadigm.Luffy or TrainingParadigm.Srft or TrainingParadigm.Upt)
        {
            inputs["expert_per_prompt"] = s.ExpertPerPrompt;
            inputs["seq_len_off"] = (s.OffPolicySequence ?? s.Sequence).Mean;
        }

        if (e.Paradigm == TrainingParadigm.Upt)
        {
            inputs["on_trained_per_prompt"] = s.OnPolicyTrainedPerPrompt ?? s.Group;
        }

        var m = e.Model;
        return new FlopsReport(
            ModelReport.Of(m, source),
            NameOf(e.Paradigm),
            NameOf(e.Convention),
            e.ConventionFormula,
            e.AttentionLengthBasis,
            inputs,
            ModelParameters.Total(m),
            ModelParameters.Active(m),
            ModelParameters.Counted(m, e.Convention),
            e.LeftOut,
            e.ForwardPerToken,
            e.DensePerTokenForward,
            e.AttentionPerTokenForward,
            e.TrainedTokensPerStep,
            e.ForwardOnlyTokensPerStep,
            e.ForwardOnlyPerStep,
            e.UpdatePerStep,
            e.PerStep,
            e.ExaFlopsPerStep,
            e.Total,
            e.ExaFlops);
    }

    private static void WriteTable(TextWriter output, FlopsReport r)
    {
        var table = new Table().AddColumn("quantity").AddColumn(new TableColumn("value"));
        void Row(string name, string value) => table.AddRow(Markup.Escape(name), Markup.Escape(value));
        Row("model", $"{r.Model.Name} ({r.Model.Source})");
        Row("dimensions", r.Model.Dimensions());
        if (r.Model.Experts is { } moe)
        {
            Row("experts", $"MoE in {moe.Layers} of {r.Model.Layers} layers: {moe.RoutedExperts} experts of F_e={moe.ExpertFeedForward}, top {moe.ExpertsPerToken}{(moe.SharedFeedForward > 0 ? $", shared F={moe.SharedFeedForward}" : string.Empty)}");
        }

        Row("paradigm", r.Paradigm);
        Row("convention", r.ConventionFormula);
        Row("attention length", r.AttentionLength);
        Row("inputs", string.Join(", ", r.Inputs.Select(i => $"{i.Key}={Number(i.Value)}")));
        Row("parameters", $"{Scientific(r.ActiveParameters)} active per token of {Scientific(r.TotalParameters)} total");
        Row($"N counted ({r.Convention})", Scientific(r.CountedParameters));
        Row("forward FLOPs per token", $"{Scientific(r.FlopsPerTokenForward)} (dense {Scientific(r.DenseFlopsPerTokenForward)} + attention {Scientific(r.AttentionFlopsPerTokenForward)})");
        Row("FLOPs per step", $"{Scientific(r.FlopsPerStep)} ({Number(r.ExaflopsPerStep)} EF; forward-only {Scientific(r.ForwardOnlyFlopsPerStep)} + update {Scientific(r.UpdateFlopsPerStep)})");
        Row("total FLOPs", $"{Scientific(r.Flops)} = {r.Exaflops.ToString("F3", CultureInfo.InvariantCulture)} EF");
        foreach (var leftOut in r.LeftOut)
        {
            Row("left out", leftOut);
        }

        ConsoleFactory.For(output).Write(table);
    }

    private static void WriteCsv(TextWriter output, FlopsReport r)
    {
        using var csv = CsvWriter.Create(output, new CsvWriterOptions { NewLine = "\n" }, leaveOpen: true);
        csv.WriteRecord("model", "paradigm", "convention", "total_parameters", "active_parameters", "flops_per_token_forward", "flops_per_step", "steps", "flops", "exaflops");
        csv.WriteRecord(
            r.Model.Name,
            r.Paradigm,
            r.Convention,
            r.TotalParameters.ToString("R", CultureInfo.InvariantCulture),
            r.ActiveParameters.ToString("R", CultureInfo.InvariantCulture),
            r.FlopsPerTokenForward.ToString("R", CultureInfo.InvariantCulture),
            r.FlopsPerStep.ToString("R", CultureInfo.InvariantCulture),
            r.Inputs["steps"].ToString("R", CultureInfo.InvariantCulture),
            r.Flops.ToString("R", CultureInfo.InvariantCulture),
            r.Exaflops.ToString("R", CultureInfo.InvariantCulture));
    }

    private static string Scientific(double value) => value.ToString("0.0000e+00", CultureInfo.InvariantCulture);

    private static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    /// <summary>The JSON document of `headroom flops` (snake_case on output).</summary>
    private sealed record FlopsReport(
        ModelReport Model,
        string Paradigm,
        string Convention,
        string ConventionFormula,
        string AttentionLength,
        Dictionary<string, double> Inputs,
        double TotalParameters,
        double ActiveParameters,
        double CountedParameters,
        IReadOnlyList<string> LeftOut,
        double FlopsPerTokenForward,
        double DenseFlopsPerTokenForward,
        double AttentionFlopsPerTokenForward,
        double TrainedTokensPerStep,
        double ForwardOnlyTokensPerStep,
        double ForwardOnlyFlopsPerStep,
        double UpdateFlopsPerStep,
        double FlopsPerStep,
        double ExaflopsPerStep,
        double Flops,
        double Exaflops);

    private sealed record ModelReport(
        string Name,
        string Source,
        int Layers,
        int Hidden,
        int FeedForward,
        int Vocabulary,
        int Heads,
        int KeyValueHeads,
        int HeadDim,
        bool TiedEmbeddings,
        string Attention,
        LatentAttention? LatentAttention,
        MixtureOfExperts? Experts,
        int MultiTokenPredictionLayers)
    {
        public static ModelReport Of(ModelDimensions m, string source) => new(
            m.Name, source, m.Layers, m.Hidden, m.FeedForward, m.Vocabulary, m.Heads, m.KeyValueHeads, m.HeadDim, m.TiedEmbeddings,
            m.LatentAttention is null ? "gqa" : "mla", m.LatentAttention, m.Experts, m.MultiTokenPredictionLayers);

        /// <summary>The dense dimensions and the attention on one line: "L=48 H=2048 F=6144 V=151936 heads=32/4x128".</summary>
        public string Dimensions()
        {
            var attention = LatentAttention is { } mla
                ? $"heads={Heads} MLA r_q={mla.QueryRank?.ToString(CultureInfo.InvariantCulture) ?? "none"} r_kv={mla.KeyValueRank} d_qk={mla.NopeHeadDim}+{mla.RopeHeadDim} d_v={mla.ValueHeadDim}"
                : $"heads={Heads}/{KeyValueHeads}x{HeadDim}";
            return $"L={Layers} H={Hidden} F={FeedForward} V={Vocabulary} {attention}{(TiedEmbeddings ? " tied" : string.Empty)}";
        }
    }
}
