namespace Headroom.Core.Fitting;

/// <summary>One bootstrap resample's fit: its law and the shift it drew for the branch score P_sft.</summary>
/// <param name="Parameters">The refitted law.</param>
/// <param name="PSftShift">The resample's P_sft minus the measured P_sft (0 unless the branch score is perturbed).</param>
public readonly record struct BootstrapReplicate(SigmoidParameters Parameters, double PSftShift);
