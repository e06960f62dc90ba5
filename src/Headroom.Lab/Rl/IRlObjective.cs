namespace Headroom.Lab.Rl;

/// <summary>
/// What an RL algorithm trains on and how: the rows a step's groups of scored rollouts become (with
/// expert trajectories for the synchronized SFT+RL methods), and the loss of one mini-batch of them.
/// Everything else — sampling, rewards, the optimizer, logging, checkpoints — is <see cref="RlTrainer"/>'s.
/// </summary>
internal interface IRlObjective
{
    StepRows Rows(IReadOnlyList<RlTrainer.Group> groups, RlConfig config);

    ObjectiveLoss Loss(LossInputs inputs, RlConfig config);
}

/// <summary>The objective of each <see cref="RlAlgorithm"/>.</summary>
internal static class RlObjectives
{
    public static IRlObjective For(RlAlgorithm algorithm) => algorithm switch
    {
        RlAlgorithm.Luffy => new LuffyObjective(),
        RlAlgorithm.Srft => new SrftObjective(),
        RlAlgorithm.Upt => new UptObjective(),
        RlAlgorithm.PrefixRft => new PrefixRftObjective(),
        _ => new GrpoObjective(),
    };
}
