using System.Text.Json.Serialization;
using Headroom.Core.Compute;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Headroom.Lab.Model;

/// <summary>
/// The shape of the lab's decoder-only transformer.
/// </summary>
/// <param name="Layers">Transformer blocks, L.</param>
/// <param name="Hidden">Model width, H.</param>
/// <param name="Heads">Attention heads; <paramref name="Hidden"/> must be a multiple, and H / heads even (rotary pairs).</param>
/// <param name="FeedForward">SwiGLU width, F (three H×F matrices per block).</param>
/// <param name="Vocabulary">Tokens, V (the character tokenizer's size).</param>
/// <param name="BlockSize">Longest sequence (prompt + response) the model is run on (HF's max_position_embeddings).</param>
public sealed record LlamaConfig(int Layers, int Hidden, int Heads, int FeedForward, int Vocabulary, int BlockSize)
{
    /// <summary>Rotary base θ (HF's rope_theta).</summary>
    public const double RopeTheta = 10000.0;

    /// <summary>RMSNorm's ε (HF's rms_norm_eps).</summary>
    public const double NormEpsilon = 1e-5;

    /// <summary>Per-head width, d = H / heads.</summary>
    [JsonIgnore]
    public int HeadDim => Hidden / Heads;

    /// <summary>The dimensions Core's compute accounting needs (framework.md §6): bias-free Q/K/V/O, SwiGLU, untied embeddings.</summary>
    [JsonIgnore]
    public ModelDimensions Dimensions => new(Layers, Hidden, FeedForward, Vocabulary, Heads, Heads, HeadDim, TiedEmbeddings: false, Name: "headroom-lab-llama");

    /// <summary>The dimensions by their `--set model.KEY` names: "layers=3 hidden=96 heads=4 feed_forward=256 block_size=128".</summary>
    public override string ToString() => $"layers={Layers} hidden={Hidden} heads={Heads} feed_forward={FeedForward} block_size={BlockSize}";
}

/// <summary>
/// A Llama-shaped decoder in one file, the parts framework.md §6 counts for Llama and Qwen: pre-norm
/// RMSNorm, rotary positions (HF's rotate-half layout), bias-free Q/K/V/O, a SwiGLU MLP and an untied LM
/// head. Submodules carry Hugging Face's names (model.embed_tokens, model.layers.N.self_attn.q_proj,
/// model.norm, lm_head ...), so the state dict is what `LlamaForCausalLM` loads. Attention is written out
/// (QKᵀ, mask, softmax, ·V) so the PyTorch 1.13 baseline can run the same ops. Sampling uses
/// <see cref="Decode"/> with a <see cref="KvCache"/>.
/// </summary>
internal sealed class Llama : nn.Module<Tensor, Tensor>
{
    // TorchSharp makes a Scalar on the spot for a number it is given (and for the alpha of 1 in `a + b`, the 2 of
    // `square()`, the start and step of `arange(stop)`) and keeps nothing alive while libtorch reads it, so a
    // collection during the call can free it; sampling runs the model outside any CollectionHold, so the model's
    // arithmetic passes Scalars that live as long as the process (docs/lab-results.md, "A libtorch failure").
    private static readonly Scalar _zero = 0.ToScalar();
    private static readonly Scalar _one = 1.ToScalar();
    private static readonly Scalar _two = 2.ToScalar();

    [ComponentName(Name = "model")]
    private readonly Decoder _decoder;

    [ComponentName(Name = "lm_head")]
    private readonly Linear _lmHead;

    public Llama(LlamaConfig config, long seed)
        : base(nameof(Llama))
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(config.Hidden % config.Heads, 0);
        ArgumentOutOfRangeException.ThrowIfNotEqual(config.HeadDim % 2, 0);
        Config = config;
        _decoder = new Decoder(config);
        _lmHead = nn.Linear(config.Hidden, config.Vocabulary, hasBias: false);
        RegisterComponents();
        InitializeWeights(seed);
    }

    public LlamaConfig Config { get; }

    /// <summary>Parameters, counted as PyTorch's numel() sum.</summary>
    public long ParameterCount => parameters().Sum(p => p.numel());

    /// <summary>Logits [B, T, V] for tokens [B, T], causal over the whole sequence (training and scoring).</summary>
    public override Tensor forward(Tensor tokens) => Decode(tokens, cache: null);

    /// <summary>
    /// Logits for new tokens [B, Tn] that follow the <paramref name="cache"/>d ones (positions start at
    /// cache.Length); appends their keys and values to the cache. Without a cache, same as forward.
    /// Rows of different lengths are left-padded: <paramref name="leftPadding"/> [B] (int64) counts each row's
    /// padding columns, which no token attends to and which do not count as positions, so each row's logits are
    /// those of the row alone (to float rounding). Pass the same padding at every step of a batch.
    /// </summary>
    public Tensor Decode(Tensor tokens, KvCache? cache, Tensor? leftPadding = null)
    {
        var start = cache?.Length ?? 0;
        var x = _decoder.Forward(tokens, start, cache, leftPadding);
        if (cache is not null)
        {
            cache.Length += (int)tokens.shape[1];
        }

        return _lmHead.call(x);
    }

    // nanoGPT's init: N(0, 0.02) for every matrix, residual projections scaled by 1/sqrt(2L), norms at 1;
    // drawn from an explicit generator so two models with the same seed are identical whatever else
    // touched torch. (Tensor.normal_ is used because nn.init.normal_ ignores its generator in TorchSharp 0.107.)
    private void InitializeWeights(long seed)
    {
        using var generator = new Generator((ulong)seed);
        using var _ = no_grad();
        foreach (var (name, parameter) in named_parameters())
        {
            if (name.Contains("norm", StringComparison.Ordinal))
            {
                continue;
            }

            var residual = name.EndsWith("o_proj.weight", StringComparison.Ordinal) || name.EndsWith("down_proj.weight", StringComparison.Ordinal);
            parameter.normal_(0, residual ? 0.02 / Math.Sqrt(2.0 * Config.Layers) : 0.02, generator);
        }
    }

    /// <summary><c>a + b</c> as TorchSharp computes it (alpha 1), with an owned alpha.</summary>
    private static Tensor Plus(Tensor a, Tensor b) => a.add(b, _one);

    /// <summary>HF's LlamaModel: token embedding, the blocks, the final RMSNorm; and the rotary tables.</summary>
    private sealed class Decoder : nn.Module
    {
        [ComponentName(Name = "embed_tokens")]
        private readonly Embedding _embedTokens;

        [ComponentName(Name = "layers")]
        private readonly ModuleList<Block> _layers;

        [ComponentName(Name = "norm")]
        private readonly RmsNorm _norm;

        private readonly Rotary _rotary;

        public Decoder(LlamaConfig config)
            : base(nameof(Decoder))
        {
            _embedTokens = nn.Embedding(config.Vocabulary, config.Hidden);
            _layers = new ModuleList<Block>([.. Enumerable.Range(0, config.Layers).Select(_ => new Block(config))]);
            _norm = new RmsNorm(config.Hidden);
            _rotary = new Rotary(config.HeadDim, config.BlockSize);
            RegisterComponents();
        }

        public Tensor Forward(Tensor tokens, int start, KvCache? cache, Tensor? leftPadding)
        {
            var length = tokens.shape[1];
            var (cos, sin) = leftPadding is null ? _rotary.At(start, length) : _rotary.AtPadded(start, length, leftPadding);
            using var padKeys = leftPadding is null ? null : PaddingKeys(start + length, leftPadding);
            var x = _embedTokens.call(tokens);
            for (var i = 0; i < _layers.Count; i++)
            {
                x = _layers[i].Forward(x, cos, sin, cache?.Layer(i), padKeys);
            }

            return _norm.call(x);
        }

        /// <summary>[B, 1, 1, keys]: true where a key is a padding column of its row.</summary>
        private static Tensor PaddingKeys(long keys, Tensor leftPadding)
        {
            using var end = keys.ToScalar();
            return (arange(_zero, end, _one, dtype: ScalarType.Int64).unsqueeze(0) < leftPadding.unsqueeze(1)).view(leftPadding.shape[0], 1, 1, -1);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _rotary.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>Pre-norm residual block: x + attn(norm(x)), then x + mlp(norm(x)).</summary>
    private sealed class Block : nn.Module
    {
        [ComponentName(Name = "input_layernorm")]
        private readonly RmsNorm _inputNorm;

        [ComponentName(Name = "self_attn")]
        private readonly Attention _attention;

        [ComponentName(Name = "post_attention_layernorm")]
        private readonly RmsNorm _postAttentionNorm;

        [ComponentName(Name = "mlp")]
        private readonly SwiGlu _mlp;

        public Block(LlamaConfig config)
            : base(nameof(Block))
        {
            _inputNorm = new RmsNorm(config.Hidden);
            _attention = new Attention(config);
            _postAttentionNorm = new RmsNorm(config.Hidden);
            _mlp = new SwiGlu(config);
            RegisterComponents();
        }

        public Tensor Forward(Tensor x, Tensor cos, Tensor sin, KvCache.LayerCache? cache, Tensor? padKeys)
        {
            x = Plus(x, _attention.Forward(_inputNorm.call(x), cos, sin, cache, padKeys));
            return Plus(x, _mlp.call(_postAttentionNorm.call(x)));
        }
    }

    /// <summary>
    /// Causal self-attention written out, rotary applied to queries and keys before the keys are cached.
    /// Its constants are Scalars made once: TorchSharp converts a double operand to a Scalar that only the
    /// finalizer frees, and those fragment the native heap. Padding keys get a large finite score rather
    /// than −∞: a padding query, which sees only padding, then gets a uniform (finite) softmax instead of NaN,
    /// while for every real query exp(−1e9 − max) is exactly 0.
    /// </summary>
    private sealed class Attention : nn.Module
    {
        private static readonly Scalar _minusInfinity = float.NegativeInfinity.ToScalar();
        private static readonly Scalar _paddingScore = (-1e9f).ToScalar();

        [ComponentName(Name = "q_proj")]
        private readonly Linear _query;

        [ComponentName(Name = "k_proj")]
        private readonly Linear _key;

        [ComponentName(Name = "v_proj")]
        private readonly Linear _value;

        [ComponentName(Name = "o_proj")]
        private readonly Linear _output;

        private readonly int _heads;
        private readonly Scalar _scale;

        public Attention(LlamaConfig config)
            : base(nameof(Attention))
        {
            _query = nn.Linear(config.Hidden, config.Hidden, hasBias: false);
            _key = nn.Linear(config.Hidden, config.Hidden, hasBias: false);
            _value = nn.Linear(config.Hidden, config.Hidden, hasBias: false);
            _output = nn.Linear(config.Hidden, config.Hidden, hasBias: false);
            _heads = config.Heads;
            _scale = (1.0 / Math.Sqrt(config.HeadDim)).ToScalar();
            RegisterComponents();
        }

        public Tensor Forward(Tensor x, Tensor cos, Tensor sin, KvCache.LayerCache? cache, Tensor? padKeys)
        {
            long batch = x.shape[0], length = x.shape[1], width = x.shape[2];
            // [B, T, H] -> [B, heads, T, d]
            var q = Rotary.Apply(_query.call(x).view(batch, length, _heads, -1).transpose(1, 2), cos, sin);
            var k = Rotary.Apply(_key.call(x).view(batch, length, _heads, -1).transpose(1, 2), cos, sin);
            var v = _value.call(x).view(batch, length, _heads, -1).transpose(1, 2);
            var past = 0L;
            if (cache is not null)
            {
                past = cache.Keys is null ? 0 : cache.Keys.shape[2];
                (k, v) = cache.Append(k, v);
            }

            var scores = q.matmul(k.transpose(-2, -1)) * _scale; // [B, heads, Tn, Tc + Tn]
            if (padKeys is not null)
            {
                scores = scores.masked_fill(padKeys, _paddingScore);
            }

            if (length > 1)
            {
                // Query i (absolute position past + i) may not see keys after it.
                using var mask = ones(length, past + length, dtype: ScalarType.Bool).triu(past + 1);
                scores = scores.masked_fill(mask, _minusInfinity);
            }

            var y = scores.softmax(-1).matmul(v).transpose(1, 2).contiguous().view(batch, length, width);
            return _output.call(y);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _scale.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>SwiGLU MLP: down(silu(gate(x)) * up(x)), bias-free.</summary>
    private sealed class SwiGlu : nn.Module<Tensor, Tensor>
    {
        [ComponentName(Name = "gate_proj")]
        private readonly Linear _gate;

        [ComponentName(Name = "up_proj")]
        private readonly Linear _up;

        [ComponentName(Name = "down_proj")]
        private readonly Linear _down;

        public SwiGlu(LlamaConfig config)
            : base(nameof(SwiGlu))
        {
            _gate = nn.Linear(config.Hidden, config.FeedForward, hasBias: false);
            _up = nn.Linear(config.Hidden, config.FeedForward, hasBias: false);
            _down = nn.Linear(config.FeedForward, config.Hidden, hasBias: false);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x) => _down.call(nn.functional.silu(_gate.call(x)) * _up.call(x));
    }

    /// <summary>RMSNorm as HF's LlamaRMSNorm: weight · x / sqrt(mean(x²) + ε), in float32.</summary>
    private sealed class RmsNorm : nn.Module<Tensor, Tensor>
    {
        private static readonly Scalar _epsilon = LlamaConfig.NormEpsilon.ToScalar();

        [ComponentName(Name = "weight")]
        private readonly Parameter _weight;

        public RmsNorm(int width)
            : base(nameof(RmsNorm))
        {
            _weight = new Parameter(ones(width));
            RegisterComponents();
        }

        public override Tensor forward(Tensor x) => _weight * (x * x.pow(_two).mean([-1], keepdim: true).add(_epsilon, _one).rsqrt());
    }

    /// <summary>
    /// Rotary position tables in HF's layout: for pair i of d/2, frequency θ^(−2i/d); cos and sin are
    /// [T, d] with the d/2 angles repeated, applied as q·cos + rotate_half(q)·sin, where
    /// rotate_half([a, b]) = [−b, a] on the two halves of the head.
    /// </summary>
    private sealed class Rotary : IDisposable
    {
        private readonly Tensor _cos;
        private readonly Tensor _sin;

        public Rotary(int headDim, int length)
        {
            using var scope = NewDisposeScope();
            var theta = tensor(LlamaConfig.RopeTheta);
            using var width = headDim.ToScalar();
            using var end = length.ToScalar();
            var inverseFrequency = pow(theta, arange(_zero, width, _two, dtype: ScalarType.Float32).div(width)).reciprocal(); // 1 / θ^(2i/d)
            var angles = outer(arange(_zero, end, _one, dtype: ScalarType.Float32), inverseFrequency);
            var both = cat([angles, angles], -1);
            _cos = both.cos().MoveToOuterDisposeScope();
            _sin = both.sin().MoveToOuterDisposeScope();
        }

        /// <summary>Rows <paramref name="start"/> .. start + length of the tables.</summary>
        public (Tensor Cos, Tensor Sin) At(int start, long length) => (_cos.narrow(0, start, length), _sin.narrow(0, start, length));

        /// <summary>
        /// [B, 1, length, d] tables for columns start .. start + length of left-padded rows: column c of a row with p
        /// padding columns is position c − p (padding columns, and columns past the table of a finished row, are
        /// clamped into it; nothing attends to the first, and the second are not read).
        /// </summary>
        public (Tensor Cos, Tensor Sin) AtPadded(int start, long length, Tensor leftPadding)
        {
            using var last = (_cos.shape[0] - 1).ToScalar();
            using var from = start.ToScalar();
            using var to = (start + length).ToScalar();
            var positions = (arange(from, to, _one, dtype: ScalarType.Int64).unsqueeze(0) - leftPadding.unsqueeze(1)).clamp(_zero, last);
            var shape = new[] { positions.shape[0], 1, length, _cos.shape[1] };
            return (_cos.index_select(0, positions.flatten()).view(shape), _sin.index_select(0, positions.flatten()).view(shape));
        }

        public static Tensor Apply(Tensor x, Tensor cos, Tensor sin)
        {
            var half = x.shape[^1] / 2;
            var rotated = cat([-x.narrow(-1, half, half), x.narrow(-1, 0, half)], -1);
            return Plus(x * cos, rotated * sin);
        }

        public void Dispose()
        {
            _cos.Dispose();
            _sin.Dispose();
        }
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

    /// <summary>Keeps the batch rows <paramref name="rows"/> (int64 indices) only, in that order.</summary>
    public void Keep(Tensor rows)
    {
        foreach (var layer in _layers)
        {
            layer.Keep(rows);
        }
    }

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

        public void Keep(Tensor rows)
        {
            var (oldKeys, oldValues) = (Keys, Values);
            Keys = oldKeys?.index_select(0, rows).DetachFromDisposeScope();
            Values = oldValues?.index_select(0, rows).DetachFromDisposeScope();
            oldKeys?.Dispose();
            oldValues?.Dispose();
        }

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
