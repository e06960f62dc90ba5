namespace Headroom.Lab.Training;

/// <summary>A training or validation sequence: the prompt (not trained on) and the response (trained on).</summary>
internal sealed record Example(string Prompt, string Response)
{
    /// <summary>Tokens of the whole sequence.</summary>
    public int Length => Prompt.Length + Response.Length;
}
