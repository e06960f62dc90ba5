using System.Text.Json.Nodes;
using Headroom.Lab.Model;
using Headroom.Lab.Tests.Training;
using Headroom.Lab.Training;

namespace Headroom.Lab.Tests.Model;

public sealed class HfExportTests(TinyLab lab)
{
    [Fact]
    public void Export_writes_safetensors_with_the_model_weights_under_HF_names_a_llama_config_and_a_character_tokenizer()
    {
        // Given the tiny world's base model
        var baseFolder = Path.Combine(lab.Folder, "base");
        var export = TinyRuns.NewFolder();

        // When it is exported
        var report = LabSession.Export(baseFolder, export);

        // Then model.safetensors is the safetensors layout (u64 header length, JSON header, little-endian F32 data)
        // holding every weight bit for bit under its Hugging Face name
        var bytes = File.ReadAllBytes(Path.Combine(export, "model.safetensors"));
        var headerLength = (int)BitConverter.ToUInt64(bytes, 0);
        var header = JsonNode.Parse(bytes.AsSpan(8, headerLength))!.AsObject();
        using var model = Checkpoints.LoadModel(baseFolder);
        var state = model.state_dict();
        Assert.Equal(state.Keys.Order(StringComparer.Ordinal), header.Where(p => p.Key != "__metadata__").Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Contains("model.layers.1.self_attn.q_proj.weight", state.Keys);
        foreach (var (name, tensor) in state)
        {
            var entry = header[name]!;
            Assert.Equal("F32", (string)entry["dtype"]!);
            Assert.Equal(tensor.shape, entry["shape"]!.AsArray().Select(d => (long)d!));
            var (start, end) = ((int)entry["data_offsets"]![0]!, (int)entry["data_offsets"]![1]!);
            Assert.Equal(tensor.data<float>().ToArray(), System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes.AsSpan(8 + headerLength + start, end - start)).ToArray());
        }

        // And config.json is a Llama config of the model's shape; tokenizer.json maps each character to its id
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(export, "config.json")))!;
        Assert.Equal("llama", (string)config["model_type"]!);
        Assert.Equal(LabPreset.Tiny.Model, HfModelConfig.Read(Path.Combine(export, "config.json")));
        Assert.False((bool)config["tie_word_embeddings"]!);
        var vocabulary = JsonNode.Parse(File.ReadAllText(Path.Combine(export, "tokenizer.json")))!["model"]!["vocab"]!.AsObject();
        Assert.Equal(CharTokenizer.VocabularySize, vocabulary.Count);
        Assert.All(CharTokenizer.Alphabet, c => Assert.Equal(CharTokenizer.Encode(c), (int)vocabulary[c.ToString()]!));
        Assert.Equal(model.ParameterCount, report.Parameters);
    }
}
