namespace Headroom.Study;

/// <summary>How a run was post-trained (framework.md §8).</summary>
public enum Paradigm
{
    /// <summary>RL from an SFT checkpoint.</summary>
    SftThenRl,

    /// <summary>RL from the base model.</summary>
    PureRl,

    /// <summary>A synchronized SFT+RL method from the base model (LUFFY, SRFT, UPT, Prefix-RFT).</summary>
    Synchronized,

    /// <summary>SFT alone (its ceiling is the peak observed SFT score).</summary>
    PureSft,
}
