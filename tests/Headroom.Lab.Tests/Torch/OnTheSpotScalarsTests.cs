using Headroom.Lab.Internal.Torch;
using Headroom.Lab.Model;
using Mono.Cecil;
using Mono.Cecil.Cil;
using static TorchSharp.torch;

namespace Headroom.Lab.Tests.Torch;

/// <summary>
/// Sampling runs outside <c>CollectionHold</c>s (they cost it page faults), so its code must not give libtorch a
/// Scalar that nothing keeps alive: none converted implicitly in the lab's code, and no TorchSharp call that makes
/// one inside (its <c>a + b</c> makes the alpha 1, its <c>add(Scalar)</c> too). Read from the compiled code: the
/// lab's own methods, and TorchSharp's, followed call by call.
/// </summary>
public sealed class OnTheSpotScalarsTests
{
    private const int Depth = 4;

    [Fact]
    public void The_model_and_the_sampler_give_libtorch_no_scalar_made_on_the_spot()
    {
        // Given the lab's compiled code and TorchSharp's, beside it
        var resolver = new DefaultAssemblyResolver();
        resolver.AddSearchDirectory(AppContext.BaseDirectory);
        using var lab = AssemblyDefinition.ReadAssembly(typeof(Llama).Assembly.Location, new ReaderParameters { AssemblyResolver = resolver });
        var sampling = lab.MainModule.GetTypes().Where(t => IsSamplingPath(t.FullName)).ToList();
        Assert.Contains(sampling, t => t.Name == nameof(Sampler));

        // When every call of the model's and the sampler's methods is followed into TorchSharp
        var reached = new Dictionary<string, bool>(StringComparer.Ordinal);
        var found = (
            from type in sampling
            from method in type.Methods
            where method.HasBody
            from instruction in method.Body.Instructions
            let callee = instruction.Operand as MethodReference
            where callee is not null && IsCall(instruction) && MakesAScalar(callee, Depth, reached)
            select $"{type.FullName}::{method.Name} calls {callee.DeclaringType.Name}::{callee.Name}({string.Join(", ", callee.Parameters.Select(p => p.ParameterType.Name))})").ToList();

        // Then none makes a Scalar that nothing keeps alive
        Assert.True(found.Count == 0, string.Join(Environment.NewLine, found));
    }

    [Fact]
    public void Sampling_survives_other_threads_collections_and_samples_as_it_does_alone()
    {
        // Given a small model, prompts of several lengths (left padding, rotary tables at padded positions), what
        // it samples on a quiet process, and another thread allocating all the time, so that collections suspend
        // the sampler inside its calls (with the model's `a + b` of before, a Scalar freed mid-call fails it)
        TorchRuntime.UseThreads(1);
        using var model = new Llama(new LlamaConfig(Layers: 2, Hidden: 32, Heads: 4, FeedForward: 64, Vocabulary: CharTokenizer.VocabularySize, BlockSize: 48), seed: 5);
        string[] prompts = ["1+2?", "12+34?", "4*5-6?", "7?"];
        var settings = new SamplingSettings(Temperature: 1.0, TopP: 0.9, BatchSize: 4, MaxNewTokens: 40);
        string[] Sample()
        {
            using var generator = new Generator(11);
            return Sampler.Generate(model, prompts, settings, generator);
        }

        var alone = Sample();

        // When it samples the same again and again for two seconds
        var same = true;
        var (rounds, collections) = CollectionPressure.Run(TimeSpan.FromSeconds(2), () => same &= Sample().SequenceEqual(alone));

        // Then every round ran and sampled what it samples alone, under many collections
        Assert.True(same);
        Assert.True(rounds > 10, $"{rounds} rounds");
        Assert.True(collections >= 10, $"{collections} collections");
        Assert.False(CollectionHold.InEffect);
    }

    private static bool IsSamplingPath(string type)
        => type.StartsWith("Headroom.Lab.Model.Llama", StringComparison.Ordinal)
           || type.StartsWith("Headroom.Lab.Model.Sampler", StringComparison.Ordinal)
           || type.StartsWith("Headroom.Lab.Model.KvCache", StringComparison.Ordinal);

    private static bool IsCall(Instruction instruction) => instruction.OpCode == OpCodes.Call || instruction.OpCode == OpCodes.Callvirt || instruction.OpCode == OpCodes.Newobj;

    /// <summary>True when <paramref name="method"/> is Scalar's implicit conversion, or a TorchSharp method that calls it within <paramref name="depth"/> calls.</summary>
    private static bool MakesAScalar(MethodReference method, int depth, Dictionary<string, bool> reached)
    {
        if (method.DeclaringType.FullName == "TorchSharp.Scalar" && method.Name == "op_Implicit")
        {
            return true;
        }

        if (depth == 0 || method.DeclaringType.Scope.Name is not ("TorchSharp" or "TorchSharp.dll"))
        {
            return false;
        }

        var key = method.FullName;
        if (reached.TryGetValue(key, out var known))
        {
            return known;
        }

        reached[key] = false; // a cycle adds nothing
        var definition = method.Resolve();
        var makes = definition?.HasBody == true && definition.Body.Instructions.Any(i => IsCall(i) && i.Operand is MethodReference callee && MakesAScalar(callee, depth - 1, reached));
        reached[key] = makes;
        return makes;
    }
}
