using System.Text.Json.Serialization;
using Headroom.Core.Compute;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Headroom.Lab.Model;

/// <summary>
/// The shape of the lab's decoder-only transformer.
/// </summary>
/// <param name="Layers">Transformer blocks, L.</param>
/// <param name="Hidden">Model width, H.</param>
/// <param name="Heads">Attention heads; <paramref name="Hidden"/> must be a multiple.</param>
/// <param name="FeedForward">SwiGLU width, F (three H×F matrices per block).</param>
/// <param name="Vocabulary">Tokens, V (the character tokenizer's size).</param>
/// <param name="BlockSize">Longest sequence (prompt + response) the position table covers.</param>
public sealed record GptConfig(int Layers, int Hidden, int Heads, int FeedForward, int Vocabulary, int BlockSize)
{
    /// <summary>Per-head width, d = H / heads.</summary>
    [JsonIgnore]
    public int HeadDim => Hidden / Heads;

    /// <summary>The dimensions Core's compute accounting needs (framework.md §6): bias-free Q/K/V/O, SwiGLU, untied embeddings.</summary>
    [JsonIgnore]
    public ModelDimensions Dimensions => new(Layers, Hidden, FeedForward, Vocabulary, Heads, Heads, HeadDim, TiedEmbeddings: false, Name: "headroom-gpt");

    /// <summary>The dimensions by their `--set model.KEY` names: "layers=3 hidden=96 heads=4 feed_forward=256 block_size=128".</summary>
    public override string ToString() => $"layers={Layers} hidden={Hidden} heads={Heads} feed_forward={FeedForward} block_size={BlockSize}";
}

/// <summary>
/// A pre-norm GPT as in nanoGPT, with the projections framework.md §6 counts: bias-free Q/K/V/O
/// projections, a SwiGLU MLP, untied token embedding and LM head, learned positions. Attention is
/// written out (QKᵀ, mask, softmax, ·V) so the PyTorch 1.13 baseline can run the same ops.
/// Sampling uses <see cref="Decode"/> with a <see cref="KvCache"/>.
/// </summary>
internal sealed class Gpt : nn.Module<Tensor, Tensor>
{
    private readonly Embedding _tokenEmbedding;
    private readonly Embedding _positionEmbedding;
    private readonly ModuleList<Block> _blocks;
    private readonly LayerNorm _finalNorm;
    private readonly Linear _lmHead;

    public Gpt(GptConfig config, long seed)
        : base(nameof(Gpt))
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(config.Hidden % config.Heads, 0);
        Config = config;
        _tokenEmbedding = nn.Embedding(config.Vocabulary, config.Hidden);
        _positionEmbedding = nn.Embedding(config.BlockSize, config.Hidden);
        _blocks = new ModuleList<Block>([.. Enumerable.Range(0, config.Layers).Select(_ => new Block(config))]);
        _finalNorm = nn.LayerNorm(config.Hidden);
        _lmHead = nn.Linear(config.Hidden, config.Vocabulary, hasBias: false);
        RegisterComponents();
        InitializeWeights(seed);
    }

    public GptConfig Config { get; }

    /// <summary>Parameters, counted as PyTorch's numel() sum.</summary>
    public long ParameterCount => parameters().Sum(p => p.numel());

    /// <summary>Logits [B, T, V] for tokens [B, T], causal over the whole sequence (training and scoring).</summary>
    public override Tensor forward(Tensor tokens) => Decode(tokens, cache: null);

    /// <summary>
    /// Logits for new tokens [B, Tn] that follow the <paramref name="cache"/>d ones (positions start at
    /// cache.Length); appends their keys and values to the cache. Without a cache, same as forward.
    /// </summary>
    public Tensor Decode(Tensor tokens, KvCache? cache)
    {
        var start = cache?.Length ?? 0;
        using var positions = arange(start, start + tokens.shape[1], dtype: ScalarType.Int64);
        var x = _tokenEmbedding.call(tokens) + _positionEmbedding.call(positions);
        for (var i = 0; i < _blocks.Count; i++)
        {
            x = _blocks[i].Forward(x, cache?.Layer(i));
        }

        if (cache is not null)
        {
            cache.Length += (int)tokens.shape[1];
        }

        return _lmHead.call(_finalNorm.call(x));
    }

    // nanoGPT's init: N(0, 0.02) everywhere, residual projections scaled by 1/sqrt(2L); drawn from an
    // explicit generator so two models with the same seed are identical whatever else touched torch.
    // (Tensor.normal_ is used because nn.init.normal_ ignores its generator argument in TorchSharp 0.107.)
    private void InitializeWeights(long seed)
    {
        using var generator = new Generator((ulong)seed);
        using var _ = no_grad();
        foreach (var (name, parameter) in named_parameters())
        {
            if (name.Contains("Norm", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var residual = name.EndsWith("outputProjection.weight", StringComparison.Ordinal) || name.EndsWith("down.weight", StringComparison.Ordinal);
            parameter.normal_(0, residual ? 0.02 / Math.Sqrt(2.0 * Config.Layers) : 0.02, generator);
        }
    }

    /// <summary>Pre-norm residual block: x + attn(ln(x)), then x + mlp(ln(x)).</summary>
    private sealed class Block : nn.Module
    {
        private readonly LayerNorm _attentionNorm;
        private readonly CausalSelfAttention _attention;
        private readonly LayerNorm _mlpNorm;
        private readonly SwiGlu _mlp;

        public Block(GptConfig config)
            : base(nameof(Block))
        {
            _attentionNorm = nn.LayerNorm(config.Hidden);
            _attention = new CausalSelfAttention(config);
            _mlpNorm = nn.LayerNorm(config.Hidden);
            _mlp = new SwiGlu(config);
            RegisterComponents();
        }

        public Tensor Forward(Tensor x, KvCache.LayerCache? cache)
        {
            x = x + _attention.Forward(_attentionNorm.call(x), cache);
            return x + _mlp.call(_mlpNorm.call(x));
        }
    }

    private sealed class CausalSelfAttention : nn.Module
    {
        private readonly Linear _query;
        private readonly Linear _key;
        private readonly Linear _value;
        private readonly Linear _outputProjection;
        private readonly int _heads;
        private readonly double _scale;

        public CausalSelfAttention(GptConfig config)
            : base(nameof(CausalSelfAttention))
        {
            _query = nn.Linear(config.Hidden, config.Hidden, hasBias: false);
            _key = nn.Linear(config.Hidden, config.Hidden, hasBias: false);
            _value = nn.Linear(config.Hidden, config.Hidden, hasBias: false);
            _outputProjection = nn.Linear(config.Hidden, config.Hidden, hasBias: false);
            _heads = config.Heads;
            _scale = 1.0 / Math.Sqrt(config.HeadDim);
            RegisterComponents();
        }

        public Tensor Forward(Tensor x, KvCache.LayerCache? cache)
        {
            long batch = x.shape[0], length = x.shape[1], width = x.shape[2];
            // [B, T, H] -> [B, heads, T, d]
            var q = _query.call(x).view(batch, length, _heads, -1).transpose(1, 2);
            var k = _key.call(x).view(batch, length, _heads, -1).transpose(1, 2);
            var v = _value.call(x).view(batch, length, _heads, -1).transpose(1, 2);
            var past = 0L;
            if (cache is not null)
            {
                past = cache.Keys is null ? 0 : cache.Keys.shape[2];
                (k, v) = cache.Append(k, v);
            }

            var scores = q.matmul(k.transpose(-2, -1)) * _scale; // [B, heads, Tn, Tc + Tn]
            if (length > 1)
            {
                // Query i (absolute position past + i) may not see keys after it.
                using var mask = ones(length, past + length, dtype: ScalarType.Bool).triu(past + 1);
                scores = scores.masked_fill(mask, float.NegativeInfinity);
            }

            var y = scores.softmax(-1).matmul(v).transpose(1, 2).contiguous().view(batch, length, width);
            return _outputProjection.call(y);
        }
    }

    /// <summary>SwiGLU MLP: down(silu(gate(x)) * up(x)), bias-free.</summary>
    private sealed class SwiGlu : nn.Module<Tensor, Tensor>
    {
        private readonly Linear _gate;
        private readonly Linear _up;
        private readonly Linear _down;

        public SwiGlu(GptConfig config)
            : base(nameof(SwiGlu))
        {
            _gate = nn.Linear(config.Hidden, config.FeedForward, hasBias: false);
            _up = nn.Linear(config.Hidden, config.FeedForward, hasBias: false);
            _down = nn.Linear(config.FeedForward, config.Hidden, hasBias: false);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x) => _down.call(nn.functional.silu(_gate.call(x)) * _up.call(x));
    }
}

/// <summary>
/// Keys and values of the tokens decoded so far, one pair per layer, so each sampling step only runs
/// the new token through the model. Dispose it (or its scope) when a batch is finished.
/// </summary>
internal sealed class KvCache(int layers) : IDisposable
{
    private readonly LayerCache[] _layers = [.. Enumerable.Range(0, layers).Select(_ => new LayerCache())];

    /// <summary>Tokens cached so far (the position of the next token).</summary>
    public int Length { get; set; }

    public LayerCache Layer(int index) => _layers[index];

    public void Dispose()
    {
        foreach (var layer in _layers)
        {
            layer.Keys?.Dispose();
            layer.Values?.Dispose();
        }
    }

    /// <summary>One layer's keys and values, [B, heads, T, d].</summary>
    internal sealed class LayerCache
    {
        public Tensor? Keys { get; private set; }

        public Tensor? Values { get; private set; }

        public (Tensor Keys, Tensor Values) Append(Tensor keys, Tensor values)
        {
            var oldKeys = Keys;
            var oldValues = Values;
            Keys = (oldKeys is null ? keys : cat([oldKeys, keys], 2)).DetachFromDisposeScope();
            Values = (oldValues is null ? values : cat([oldValues, values], 2)).DetachFromDisposeScope();
            oldKeys?.Dispose();
            oldValues?.Dispose();
            return (Keys, Values);
        }
    }
}
