using Headroom.Core.Fitting;

namespace Headroom.Study;

/// <summary>One way to spend a budget: RL from a measured branch point with the compute left after its SFT.</summary>
/// <param name="Branch">The measured branch whose start (SFT checkpoint or base model) this option repeats.</param>
/// <param name="SftExaFlops">SFT compute charged to the budget (0 from the base model, or when SFT is already paid).</param>
/// <param name="RlExaFlops">RL compute left for the run.</param>
/// <param name="ExpectedScore">The mean over bootstrap replicates of the score their laws give at that RL compute (bounded by each A_post).</param>
/// <param name="Interval">The replicates' percentile interval of that score.</param>
/// <param name="HeadroomRealised">The fraction of the branch's headroom PL_rl realised at that compute.</param>
/// <param name="Extrapolated">True when the RL compute lies beyond twice the largest measured.</param>
public sealed record BudgetOption(BranchResult Branch, double SftExaFlops, double RlExaFlops, double ExpectedScore, Interval Interval, double HeadroomRealised, bool Extrapolated);
