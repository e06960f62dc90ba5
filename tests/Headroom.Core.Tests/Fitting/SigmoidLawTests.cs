using Headroom.Core.Fitting;

namespace Headroom.Core.Tests.Fitting;

public sealed class SigmoidLawTests
{
    private static readonly SigmoidParameters _law = new(B: 2, CMid: 10, PL: 8, Eps: 1);

    [Fact]
    public void Gain_is_halfway_between_eps_and_pl_at_c_mid()
    {
        // Given the law eps + (PL - eps) / (1 + (C_mid/x)^B) at x = C_mid: 1 + 7/2
        // When / Then
        Precision.AssertClose(4.5, SigmoidLaw.Gain(10, _law), 14);
    }

    [Fact]
    public void Gain_matches_the_law_written_as_a_power_of_the_compute_ratio()
    {
        // Given x = 5: (C_mid/x)^B = 4, so gain = 1 + 7/5
        // When / Then
        Precision.AssertClose(2.4, SigmoidLaw.Gain(5, _law), 14);
        // and x = 30: (1/3)^2 = 1/9, gain = 1 + 7 * 9/10
        Precision.AssertClose(7.3, SigmoidLaw.Gain(30, _law), 14);
    }

    [Fact]
    public void Gain_is_eps_at_the_branch_point_and_tends_to_pl()
    {
        Assert.Equal(1, SigmoidLaw.Gain(0, _law));
        Precision.AssertClose(8, SigmoidLaw.Gain(1e12, _law), 10);
    }

    [Fact]
    public void Gain_is_NaN_for_negative_or_NaN_compute()
    {
        Assert.True(double.IsNaN(SigmoidLaw.Gain(-1, _law)));
        Assert.True(double.IsNaN(SigmoidLaw.Gain(double.NaN, _law)));
    }

    [Fact]
    public void Logistic_does_not_overflow_at_extreme_arguments()
    {
        Assert.Equal(1, SigmoidLaw.Logistic(1000));
        Assert.Equal(0, SigmoidLaw.Logistic(-1000));
        Precision.AssertClose(1 / (1 + Math.Exp(-0.3)), SigmoidLaw.Logistic(0.3), 14);
    }

    [Fact]
    public void Compute_for_a_fraction_inverts_the_gain()
    {
        // Given the compute where 90% of the way from eps to PL is reached: C_mid * 9^(1/B) = 30
        var x = SigmoidLaw.ComputeForFraction(_law, 0.9);

        // Then
        Precision.AssertClose(30, x, 12);
        Precision.AssertClose(1 + (0.9 * 7), SigmoidLaw.Gain(x, _law), 12);
        Assert.True(double.IsNaN(SigmoidLaw.ComputeForFraction(_law, 1)));
    }
}
