using Headroom.Core.Compute;
using Headroom.Core.Tests.Data;

namespace Headroom.Core.Tests.Compute;

public sealed class TrainingFlopsTests
{
    // Qwen2.5-7B dense forward per token 2N = 15,230,566,400 (see ForwardFlopsTests); attention 4·S·28·3584 = 401,408·S.
    private const double Dense = 15_230_566_400d;

    private static double Forward(double s) => Dense + (401_408d * s);

    [Fact]
    public void Qwen25_7B_sft_with_batch_512_and_length_3771_costs_34_915_exaflops_over_360_steps()
    {
        // Given: F_fwd(3771) = 15,230,566,400 + 1,513,709,568 = 16,744,275,968
        //        per step 3 · 512 · 3771 · F_fwd = 5,792,256 · 16,744,275,968 ≈ 9.6987e16 (0.09699 EF, log-formats.md §2.4)
        var step = StepShape.Of(batch: 512, meanLength: 3771);

        // When
        var estimate = TrainingFlops.Estimate(ModelPresets.Qwen25_7B, TrainingParadigm.Sft, step, 360);

        // Then
        Assert.Equal(16_744_275_968d, estimate.ForwardPerToken);
        Precision.AssertClose(5_792_256d * 16_744_275_968d * 360, estimate.Total, 12, "hand product");
        Precision.AssertWithin(34.915, estimate.ExaFlops, 34.915 * 0.001, "framework.md §6 acceptance (±0.1%)");
        Assert.Equal(FlopsConvention.Retu, estimate.Convention);
        Assert.Equal(512d * 3771, estimate.TrainedTokensPerStep);
        Assert.Equal(0d, estimate.ForwardOnlyPerStep);
    }

    [Fact]
    public void Grpo_costs_four_forward_passes_per_rollout_token()
    {
        // Given B=128 prompts, G=8 rollouts of mean length 2000: 4 · 128 · 8 · 2000 · F_fwd(2000)
        var step = StepShape.Of(128, 2000) with { Group = 8 };

        // When
        var grpo = TrainingFlops.PerStep(ModelPresets.Qwen25_7B, TrainingParadigm.Grpo, step);
        var prefix = TrainingFlops.PerStep(ModelPresets.Qwen25_7B, TrainingParadigm.PrefixRft, step);

        // Then
        Precision.AssertClose(4d * 128 * 8 * 2000 * Forward(2000), grpo, 12);
        Assert.Equal(grpo, prefix);
    }

    [Fact]
    public void Dapo_counts_every_generation_round_and_trains_the_kept_batch()
    {
        // Given RETU's DAPO metadata: gen batch 128, train batch 64, 8 responses, K = 2 rounds; S = 2000
        //       (K B_gen + 3 B_train) G S F_fwd = (256 + 192) · 8 · 2000 · F_fwd(2000)
        var step = StepShape.Of(64, 2000) with { Group = 8, GenerationRounds = 2, GenerationBatch = 128 };

        // When
        var estimate = TrainingFlops.Estimate(ModelPresets.Qwen25_7B, TrainingParadigm.Dapo, step, 1);

        // Then
        Precision.AssertClose(448d * 8 * 2000 * Forward(2000), estimate.PerStep, 12);
        Precision.AssertClose(256d * 8 * 2000 * Forward(2000), estimate.ForwardOnlyPerStep, 12);
    }

    [Fact]
    public void Luffy_and_srft_count_expert_trajectories_at_their_own_length()
    {
        // Given B=64, G=7 on-policy of 1500 tokens, N=1 expert of 3000 tokens:
        //       4 [64·7·1500·F_fwd(1500) + 64·1·3000·F_fwd(3000)]
        var step = StepShape.Of(64, 1500) with { Group = 7, ExpertPerPrompt = 1, OffPolicySequence = SequenceLengths.OfMean(3000) };

        // When
        var luffy = TrainingFlops.PerStep(ModelPresets.Qwen25_7B, TrainingParadigm.Luffy, step);
        var srft = TrainingFlops.PerStep(ModelPresets.Qwen25_7B, TrainingParadigm.Srft, step);

        // Then
        Precision.AssertClose(4d * ((64d * 7 * 1500 * Forward(1500)) + (64d * 3000 * Forward(3000))), luffy, 12);
        Assert.Equal(luffy, srft);
    }

    [Fact]
    public void Upt_generates_every_rollout_and_trains_the_chosen_loss_per_prompt()
    {
        // Given B=64 prompts, G=8 rollouts of 2000, on average N_on=6 rollouts and N_off=0.25 experts trained per prompt:
        //       64 · [8·2000 + 3 (6·2000 + 0.25·2000)] · F_fwd(2000) = 64 · 53,500 · F_fwd(2000)
        var step = StepShape.Of(64, 2000) with { Group = 8, OnPolicyTrainedPerPrompt = 6, ExpertPerPrompt = 0.25 };

        // When
        var upt = TrainingFlops.PerStep(ModelPresets.Qwen25_7B, TrainingParadigm.Upt, step);

        // Then
        Precision.AssertClose(64d * 53_500 * Forward(2000), upt, 12);
    }

    [Fact]
    public void Verl_convention_reproduces_verls_counter_over_per_sequence_lengths()
    {
        // Given verl's flops_counter for one SFT batch of two sequences (100 and 300 tokens) on Llama-3.2-3B:
        //   dense = 6 · N_verl · Σs = 6 · 3,606,577,152 · 400;  attention = 6 · Σs² · head_dim · heads · layers
        var step = new StepShape { Batch = 2, Sequence = SequenceLengths.FromSequences([100, 300]) };
        var verlDense = 6d * 3_606_577_152d * 400;
        var verlAttention = 6d * (100d * 100 + 300d * 300) * 128 * 24 * 28;

        // When
        var estimate = TrainingFlops.Estimate(ModelPresets.Llama32_3B, TrainingParadigm.Sft, step, 1, FlopsConvention.Verl);

        // Then
        Precision.AssertClose(verlDense + verlAttention, estimate.Total, 12);
        Assert.Equal("per-sequence lengths (Σs²/Σs)", estimate.AttentionLengthBasis);
    }

    [Fact]
    public void Six_n_training_is_six_times_non_embedding_parameters_per_token()
    {
        // Given 10 sequences of 1000 tokens on Qwen2.5-7B: 6 · (6,525,288,448 + 544,997,376) · 10,000
        var step = StepShape.Of(10, 1000);

        // When
        var total = TrainingFlops.Estimate(ModelPresets.Qwen25_7B, TrainingParadigm.Sft, step, 1, FlopsConvention.SixN).Total;

        // Then
        Assert.Equal(6d * 7_070_285_824d * 10_000, total);
    }

    [Fact]
    public void Paradigm_formulas_apply_unchanged_on_top_of_a_mixture_of_experts_forward()
    {
        // Given Qwen3-30B-A3B: F_fwd(S) = 2·3,352,821,760 + 4·S·48·4096 = 6,705,643,520 + 786,432·S
        //       DeepSeek-V3:   F_fwd(S) = 2·37,551,276,032 + 2·S·61·128·320 = 75,102,552,064 + 4,997,120·S
        static double Qwen(double s) => 6_705_643_520d + (786_432d * s);
        static double DeepSeek(double s) => 75_102_552_064d + (4_997_120d * s);
        var grpo = StepShape.Of(64, 4096) with { Group = 8 };
        var luffy = StepShape.Of(32, 2000) with { Group = 7, ExpertPerPrompt = 1, OffPolicySequence = SequenceLengths.OfMean(4096) };

        // When
        var qwenGrpo = TrainingFlops.PerStep(MoeModels.Qwen3_30B_A3B, TrainingParadigm.Grpo, grpo);
        var deepSeekLuffy = TrainingFlops.PerStep(MoeModels.DeepSeek_V3, TrainingParadigm.Luffy, luffy);
        var deepSeekSft = TrainingFlops.PerStep(MoeModels.DeepSeek_V3, TrainingParadigm.Sft, StepShape.Of(512, 4096));

        // Then: GRPO 4 B G S F_fwd; LUFFY 4 [B G S_on + B N S_off] F_fwd; SFT 3 B S F_fwd
        Precision.AssertClose(4d * 64 * 8 * 4096 * Qwen(4096), qwenGrpo, 12);
        Precision.AssertClose(4d * ((32d * 7 * 2000 * DeepSeek(2000)) + (32d * 4096 * DeepSeek(4096))), deepSeekLuffy, 12);
        Precision.AssertClose(3d * 512 * 4096 * DeepSeek(4096), deepSeekSft, 12);
    }

    [Fact]
    public void Six_n_on_a_mixture_of_experts_counts_only_the_active_experts()
    {
        // Given Qwen3-30B-A3B (untied): N = 3,352,821,760 - 151936·2048 (input embedding) = 3,041,656,832 active,
        //       against 30,220,746,752 if every expert counted
        var step = StepShape.Of(10, 1000);

        // When
        var total = TrainingFlops.Estimate(MoeModels.Qwen3_30B_A3B, TrainingParadigm.Sft, step, 1, FlopsConvention.SixN).Total;

        // Then
        Assert.Equal(6d * 3_041_656_832d * 10_000, total);
    }

    [Fact]
    public void Cumulative_compute_adds_steps_of_different_lengths()
    {
        // Given two GRPO steps of 8 rollouts for 1 prompt, logged mean lengths 1000 then 1500
        StepShape[] steps = [StepShape.Of(1, 1000) with { Group = 8 }, StepShape.Of(1, 1500) with { Group = 8 }];
        var first = 4d * 8 * 1000 * Forward(1000);
        var second = 4d * 8 * 1500 * Forward(1500);

        // When
        var cumulative = TrainingFlops.Cumulative(ModelPresets.Qwen25_7B, TrainingParadigm.Grpo, steps);

        // Then
        Assert.Equal(2, cumulative.Length);
        Precision.AssertClose(first, cumulative[0], 12);
        Precision.AssertClose(first + second, cumulative[1], 12);
    }

    [Theory]
    [InlineData(TrainingParadigm.Sft, 0, 1, 0)]
    [InlineData(TrainingParadigm.Grpo, 4, 0, 0)]
    [InlineData(TrainingParadigm.Luffy, 4, 8, -1)]
    public void Impossible_counts_are_rejected_as_settings(TrainingParadigm paradigm, double batch, double group, double experts)
    {
        // Given
        var step = StepShape.Of(batch, 1000) with { Group = group, ExpertPerPrompt = experts };

        // When / Then
        Assert.Throws<InvalidSettingException>(() => TrainingFlops.PerStep(ModelPresets.Qwen25_7B, paradigm, step));
    }

    [Fact]
    public void Upt_cannot_train_more_rollouts_than_it_generates()
    {
        // Given
        var step = StepShape.Of(4, 1000) with { Group = 8, OnPolicyTrainedPerPrompt = 9 };

        // When
        var error = Assert.Throws<InvalidSettingException>(() => TrainingFlops.PerStep(ModelPresets.Qwen25_7B, TrainingParadigm.Upt, step));

        // Then
        Assert.Contains("at most the group size G = 8", error.Message);
    }
}
