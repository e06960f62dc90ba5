namespace Headroom.Study;

/// <summary>How `headroom fit` chooses each branch's fit settings.</summary>
public enum FitMode
{
    /// <summary>
    /// Every point trains, outliers rejected at tau = 3, plain least squares, eps fixed at 0. Tau = 3 rather
    /// than the paper's 2.5: at 2.5 honest Gaussian noise loses one point in 80 (one in 370 at 3).
    /// </summary>
    Default,

    /// <summary>The paper's procedure with explicit per-branch settings (a settings file or flags) and the kit's LTS search.</summary>
    Paper,

    /// <summary>Searches the settings per branch by R²_val - 0.2 max(0, R²_train - R²_val), as the paper's release did.</summary>
    Auto,
}
