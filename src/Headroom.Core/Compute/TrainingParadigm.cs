namespace Headroom.Core.Compute;

/// <summary>The post-training paradigms whose per-step compute Headroom can count (framework.md §6, §8).</summary>
public enum TrainingParadigm
{
    /// <summary>Supervised fine-tuning: 3 B S F_fwd per step.</summary>
    Sft,

    /// <summary>GRPO: 4 B G S F_fwd per step (one generation forward plus three for training).</summary>
    Grpo,

    /// <summary>DAPO with dynamic sampling: (K B_gen + 3 B_train) G S F_fwd per step.</summary>
    Dapo,

    /// <summary>LUFFY: 4 [B G S_on + B N S_off] F_fwd per step.</summary>
    Luffy,

    /// <summary>SRFT: counted as LUFFY, 4 [B G S_on + B N S_off] F_fwd per step.</summary>
    Srft,

    /// <summary>UPT: [G S_on + 3 (N_on S_on + N_off S_off)] F_fwd per prompt, B prompts per step.</summary>
    Upt,

    /// <summary>Prefix-RFT: counted as GRPO.</summary>
    PrefixRft,
}
