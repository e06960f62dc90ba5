namespace Headroom.Lab.Model;

/// <summary>
/// The lab's character tokenizer: one token per character of the math world's alphabet, with token 0
/// reserved for padding. '?' ends a prompt and '$' ends a response.
/// </summary>
internal static class CharTokenizer
{
    /// <summary>Characters in token order, after the padding token 0.</summary>
    public const string Alphabet = "0123456789+-*=;#?$";

    /// <summary>The padding token.</summary>
    public const int Padding = 0;

    /// <summary>Marks the end of a prompt.</summary>
    public const char PromptEnd = '?';

    /// <summary>Marks the end of a response.</summary>
    public const char ResponseEnd = '$';

    /// <summary>Number of tokens, padding included.</summary>
    public static int VocabularySize => Alphabet.Length + 1;

    /// <summary>The end-of-response token.</summary>
    public static int EndToken => Encode(ResponseEnd);

    public static int Encode(char character)
    {
        var index = Alphabet.IndexOf(character, StringComparison.Ordinal);
        return index >= 0 ? index + 1 : throw new ArgumentException($"'{character}' is not in the lab alphabet.", nameof(character));
    }

    public static long[] Encode(string text) => [.. text.Select(c => (long)Encode(c))];

    /// <summary>Text of the tokens; padding becomes nothing.</summary>
    public static string Decode(IEnumerable<long> tokens)
        => string.Concat(tokens.Where(t => t > 0 && t <= Alphabet.Length).Select(t => Alphabet[(int)t - 1]));
}
