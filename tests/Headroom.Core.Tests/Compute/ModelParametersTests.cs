using Headroom.Core.Compute;
using Headroom.Core.Tests.Data;

namespace Headroom.Core.Tests.Compute;

public sealed class ModelParametersTests
{
    // A made-up MoE by hand: L=4, H=64, dense F=256, V=1000 (untied), 4 query / 2 KV heads of 16 (q = 64, D_kv = 32),
    // 8 experts of F_e=32, top 2, shared width 48, layer 0 dense and layers 1-3 MoE.
    //   attention per layer  64·(2·64 + 2·32)                    = 12,288   × 4 = 49,152
    //   dense MLP (layer 0)  3·64·256                            = 49,152
    //   MoE MLP, active      64·8 + 3·64·32·2 + 3·64·48          = 512 + 12,288 + 9,216 = 22,016   × 3 = 66,048
    //   MoE MLP, total       64·8 + 3·64·32·8 + 3·64·48          = 512 + 49,152 + 9,216 = 58,880   × 3 = 176,640
    //   embedding + LM head  2·1000·64                           = 128,000
    //   N_act = 292,352; N_total = 402,944
    private static readonly ModelDimensions _smallMoe = new(4, 64, 256, 1000, 4, 2, 16, false, "small-moe")
    {
        Experts = new MixtureOfExperts(RoutedExperts: 8, ExpertsPerToken: 2, ExpertFeedForward: 32, SharedFeedForward: 48, Layers: 3),
    };

    [Fact]
    public void A_small_made_up_moe_counts_router_top_k_and_shared_experts_by_hand()
    {
        // When
        var active = ModelParameters.Active(_smallMoe);
        var total = ModelParameters.Total(_smallMoe);

        // Then
        Assert.Equal(292_352d, active);
        Assert.Equal(402_944d, total);
    }

    [Fact]
    public void Conventions_count_the_active_parameters_with_their_own_embedding_rules()
    {
        // Given the small MoE: blocks 164,352 (= 292,352 - 128,000); V H = 64,000

        // When
        var retu = ModelParameters.Counted(_smallMoe, FlopsConvention.Retu);
        var sixN = ModelParameters.Counted(_smallMoe, FlopsConvention.SixN);
        var verl = ModelParameters.Counted(_smallMoe, FlopsConvention.Verl);
        var sixNTied = ModelParameters.Counted(_smallMoe with { TiedEmbeddings = true }, FlopsConvention.SixN);

        // Then: 6N keeps the untied LM head only; verl counts 2 V H even when tied
        Assert.Equal(292_352d, retu);
        Assert.Equal(164_352d + 64_000d, sixN);
        Assert.Equal(164_352d + 128_000d, verl);
        Assert.Equal(164_352d, sixNTied);
    }

    [Fact]
    public void Latent_attention_without_a_query_rank_projects_queries_directly()
    {
        // Given a made-up MLA model: L=2, H=64, 4 heads, r_kv=16, d_nope=8, d_rope=4, d_v=8, dense F=128, V=100 tied
        //   q   64·4·12                     = 3,072    (with r_q = 32: 64·32 + 32·4·12 = 3,584)
        //   kv  64·(16+4) + 16·4·(8+8)      = 1,280 + 1,024 = 2,304
        //   o   4·8·64                      = 2,048
        //   MLP 3·64·128                    = 24,576;  embedding once 100·64 = 6,400
        //   N_act = 2·(3,072 + 2,304 + 2,048 + 24,576) + 6,400 = 70,400
        var model = new ModelDimensions(2, 64, 128, 100, 4, 4, 12, true, "small-mla")
        {
            LatentAttention = new LatentAttention(QueryRank: null, KeyValueRank: 16, NopeHeadDim: 8, RopeHeadDim: 4, ValueHeadDim: 8),
        };

        // When
        var direct = ModelParameters.Active(model);
        var latent = ModelParameters.Active(model with { LatentAttention = model.LatentAttention! with { QueryRank = 32 } });

        // Then
        Assert.Equal(70_400d, direct);
        Assert.Equal(70_400d + (2 * (3_584d - 3_072d)), latent);
        Assert.Equal(direct, ModelParameters.Total(model));
    }

    [Theory]
    [InlineData("Qwen3-30B-A3B", 3_352_821_760d, 3.3e9, 30_531_911_680d, 30.5e9)]
    [InlineData("Mixtral-8x7B", 12_879_659_008d, 12.9e9, 46_702_526_464d, 46.7e9)]
    [InlineData("DeepSeek-V3", 37_551_276_032d, 37e9, 671_025_397_760d, 671e9)]
    public void Public_moe_models_have_their_published_active_and_total_parameter_counts(
        string name, double handActive, double publishedActive, double handTotal, double publishedTotal)
    {
        // Given the hand products (framework.md §6: Qwen3-30B-A3B N_act = 3.353e9, Mixtral 1.288e10, DeepSeek-V3 3.755e10), e.g.
        //   Qwen3-30B-A3B per layer 2048·(2·4096 + 2·512) + 2048·128 + 3·2048·768·8 = 56,885,248; × 48 + 2·151936·2048
        //   DeepSeek-V3 MLA per layer 187,105,280; × 61 + 3·(3·7168·18432) + 58·(7168·256 + 3·7168·2048·9) + 2·129280·7168
        var model = name switch
        {
            "Qwen3-30B-A3B" => MoeModels.Qwen3_30B_A3B,
            "Mixtral-8x7B" => MoeModels.Mixtral_8x7B,
            _ => MoeModels.DeepSeek_V3,
        };

        // When
        var active = ModelParameters.Active(model);
        var total = ModelParameters.Total(model);

        // Then: exact against the hand products; within 2% of the published counts, which treat embeddings differently
        Assert.Equal(handActive, active);
        Assert.Equal(handTotal, total);
        Precision.AssertWithin(publishedActive, active, 0.02 * publishedActive, $"{name} published active parameters");
        Precision.AssertWithin(publishedTotal, total, 0.01 * publishedTotal, $"{name} published total parameters");
    }

    [Fact]
    public void A_dense_model_has_as_many_active_as_total_parameters()
    {
        // When / Then: Qwen2.5-7B N = 7,615,283,200 (ForwardFlopsTests)
        Assert.Equal(7_615_283_200d, ModelParameters.Active(ModelPresets.Qwen25_7B));
        Assert.Equal(7_615_283_200d, ModelParameters.Total(ModelPresets.Qwen25_7B));
    }

    [Fact]
    public void Experts_that_claim_more_layers_than_the_model_are_a_programmer_error()
    {
        // Given
        var broken = _smallMoe with { Experts = _smallMoe.Experts! with { Layers = 5 } };

        // When / Then
        Assert.Throws<ArgumentException>(() => ModelParameters.Active(broken));
    }
}
