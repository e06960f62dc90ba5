namespace Headroom.Core.Compute;

/// <summary>
/// The token lengths of the sequences of one step, as much as is known about them. The dense FLOPs need
/// only the mean length; the attention term grows with the square of each sequence's length, so it is
/// exact only from per-sequence lengths: a sequence of length s costs c s² L q, so the per-token
/// attention cost is c L q Σs² / Σs, which equals c L q S̄ only when all lengths are equal.
/// </summary>
public sealed record SequenceLengths
{
    private SequenceLengths(double mean, double attentionLength, bool isPerSequence)
    {
        Mean = mean;
        AttentionLength = attentionLength;
        IsPerSequence = isPerSequence;
    }

    /// <summary>The mean tokens per sequence (prompt + response), S̄.</summary>
    public double Mean { get; }

    /// <summary>The length the attention term is evaluated at: Σs²/Σs from per-sequence lengths, else the mean.</summary>
    public double AttentionLength { get; }

    /// <summary>True when built from per-sequence lengths, false when only the mean is known.</summary>
    public bool IsPerSequence { get; }

    /// <summary>Only the mean length is known (the paper's kit uses the dataset's empirical mean); the attention term uses it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The mean is negative, NaN or infinite.</exception>
    public static SequenceLengths OfMean(double mean)
    {
        if (!double.IsFinite(mean) || mean < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(mean), mean, "The mean sequence length must be finite and non-negative.");
        }

        return new SequenceLengths(mean, mean, isPerSequence: false);
    }

    /// <summary>
    /// Per-sequence lengths are known (e.g. from attention masks): mean = Σs/n and the attention term uses
    /// Σs²/Σs. An empty list or all-zero lengths give mean 0 and attention length 0.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A length is negative.</exception>
    public static SequenceLengths FromSequences(IEnumerable<int> lengths)
    {
        ArgumentNullException.ThrowIfNull(lengths);
        double count = 0, sum = 0, sumOfSquares = 0;
        foreach (var length in lengths)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(length);
            count++;
            sum += length;
            sumOfSquares += (double)length * length;
        }

        return sum == 0
            ? new SequenceLengths(0, 0, isPerSequence: true)
            : new SequenceLengths(sum / count, sumOfSquares / sum, isPerSequence: true);
    }
}
