using Headroom.Core.Compute;
using Headroom.Core.Tests.Data;

namespace Headroom.Core.Tests.Compute;

public sealed class ForwardFlopsTests
{
    // Qwen2.5-7B by hand (L=28, H=3584, F=18944, V=152064, q = 28·128 = 3584, D_kv = 4·128 = 512):
    //   MLP per layer        3·3584·18944            = 203,685,888
    //   Q,K,V,O per layer    3584·(3584+512+512+3584) =  29,360,128
    //   per layer                                       233,046,016   × 28 = 6,525,288,448
    //   embedding + LM head  2·152064·3584           = 1,089,994,752
    //   N                                             = 7,615,283,200   (Qwen publishes 7.61B, 6.53B non-embedding)
    private const double Qwen7BLayers = 6_525_288_448d;
    private const double Qwen7BEmbedding = 544_997_376d;

    [Fact]
    public void Dense_part_of_Qwen25_7B_is_1_5231e10_flops_per_token()
    {
        // Given
        var model = ModelPresets.Qwen25_7B;

        // When
        var dense = ForwardFlops.DensePerToken(model);

        // Then
        Assert.Equal(2 * (Qwen7BLayers + 2 * Qwen7BEmbedding), dense);
        Precision.AssertWithin(1.5231e10, dense, 0.00005e10, "framework.md §6 check value");
    }

    [Fact]
    public void Attention_term_is_four_times_length_layers_and_query_width()
    {
        // Given: 4 · 3771 · 28 · 3584 = 1,513,709,568
        var model = ModelPresets.Qwen25_7B;

        // When
        var attention = ForwardFlops.AttentionPerToken(model, 3771);

        // Then
        Assert.Equal(1_513_709_568d, attention);
        Assert.Equal(15_230_566_400d + 1_513_709_568d, ForwardFlops.PerToken(model, 3771));
    }

    [Fact]
    public void Tied_embeddings_are_counted_once_in_the_retu_convention()
    {
        // Given Llama-3.2-3B (L=28, H=3072, F=8192, V=128256, q = 24·128 = 3072, D_kv = 8·128 = 1024, tied):
        //   per layer 3·3072·8192 + 3072·(3072+1024+1024+3072) = 75,497,472 + 25,165,824 = 100,663,296; × 28 = 2,818,572,288
        //   embedding once 128256·3072 = 394,002,432  ->  N = 3,212,574,720 (Meta publishes 3.21B parameters)
        var model = ModelPresets.Llama32_3B;

        // When
        var parameters = ModelParameters.Active(model);

        // Then
        Assert.Equal(2_818_572_288d + 394_002_432d, parameters);
        Assert.Equal(parameters + 394_002_432d, ModelParameters.Active(model with { TiedEmbeddings = false }));
    }

    [Fact]
    public void Six_n_counts_non_embedding_parameters_and_no_attention()
    {
        // Given: HF excludes nn.Embedding only, so an untied LM head stays in N and a tied one goes.
        var qwen = ModelPresets.Qwen25_7B;
        var llama = ModelPresets.Llama32_3B;

        // When
        var qwenN = ModelParameters.Counted(qwen, FlopsConvention.SixN);
        var llamaN = ModelParameters.Counted(llama, FlopsConvention.SixN);

        // Then
        Assert.Equal(Qwen7BLayers + Qwen7BEmbedding, qwenN);
        Assert.Equal(2_818_572_288d, llamaN);
        Assert.Equal(0d, ForwardFlops.AttentionPerToken(qwen, 4096, FlopsConvention.SixN));
    }

    [Fact]
    public void Verl_counts_embeddings_twice_even_when_tied_and_halves_attention()
    {
        // Given
        var llama = ModelPresets.Llama32_3B;

        // When
        var n = ModelParameters.Counted(llama, FlopsConvention.Verl);
        var attention = ForwardFlops.AttentionPerToken(llama, 1000, FlopsConvention.Verl);

        // Then: emb_and_lm_head_N = vocab·hidden·2; attention forward 2·S·L·q = 2·1000·28·3072
        Assert.Equal(2_818_572_288d + 2 * 394_002_432d, n);
        Assert.Equal(2d * 1000 * 28 * 3072, attention);
    }

    [Theory]
    [InlineData("Qwen3-30B-A3B", 3.353e9, 9.927e9)]
    [InlineData("Mixtral-8x7B", 1.288e10, 2.791e10)]
    [InlineData("DeepSeek-V3", 3.755e10, 9.557e10)]
    public void Moe_models_match_the_framework_check_values_at_sequence_length_4096(string name, double activeParameters, double forward)
    {
        // Given framework.md §6's check values (4 significant digits)
        var model = name switch
        {
            "Qwen3-30B-A3B" => MoeModels.Qwen3_30B_A3B,
            "Mixtral-8x7B" => MoeModels.Mixtral_8x7B,
            _ => MoeModels.DeepSeek_V3,
        };

        // When
        var perToken = ForwardFlops.PerToken(model, 4096);

        // Then: F_fwd = 2 N_act + A(S)
        Precision.AssertWithin(activeParameters, ModelParameters.Active(model), 0.0005 * activeParameters, $"{name} N_act");
        Precision.AssertWithin(forward, perToken, 0.0005 * forward, $"{name} F_fwd(4096)");
        Assert.Equal((2 * ModelParameters.Active(model)) + ForwardFlops.AttentionPerToken(model, 4096), perToken);
    }

    [Fact]
    public void Latent_attention_scores_use_the_query_key_width_and_values_the_value_width()
    {
        // Given DeepSeek-V3: A(S) = 2 S L h (d_nope + d_rope) + 2 S L h d_v = 2·4096·61·128·(192 + 128) = 20,468,203,520
        var model = MoeModels.DeepSeek_V3;

        // When
        var retu = ForwardFlops.AttentionPerToken(model, 4096);
        var verl = ForwardFlops.AttentionPerToken(model, 4096, FlopsConvention.Verl);

        // Then: verl's MLA counter is 3 Σs² L h (d_qk + d_v) for forward + backward, i.e. half of RETU's forward term
        Assert.Equal(20_468_203_520d, retu);
        Assert.Equal(retu / 2, verl);
    }

    [Fact]
    public void Grouped_query_attention_scores_use_the_query_width_even_when_it_is_not_the_model_width()
    {
        // Given Qwen3-30B-A3B: 32 heads of 128 = 4096 against H = 2048; A(4096) = 4·4096·48·4096 = 3,221,225,472
        var model = MoeModels.Qwen3_30B_A3B;

        // When / Then
        Assert.Equal(4096d, model.AttentionWidth);
        Assert.Equal(3_221_225_472d, ForwardFlops.AttentionPerToken(model, 4096));
    }

    [Fact]
    public void Per_sequence_lengths_weight_the_attention_term_by_squares()
    {
        // Given two sequences of 100 and 300 tokens: mean 200, Σs²/Σs = (10,000 + 90,000) / 400 = 250
        var lengths = SequenceLengths.FromSequences([100, 300]);

        // When / Then
        Assert.Equal(200d, lengths.Mean);
        Assert.Equal(250d, lengths.AttentionLength);
        Assert.True(lengths.IsPerSequence);
        Assert.False(SequenceLengths.OfMean(200).IsPerSequence);
    }
}
