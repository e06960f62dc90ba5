using System.Globalization;

namespace Headroom.Core;

/// <summary>
/// A setting that cannot be used: a batch of zero, a delta band that is not a band, a confidence level of 2.
/// The message names the setting, quotes the value and says what is allowed.
/// </summary>
public sealed class InvalidSettingException : HeadroomException
{
    private InvalidSettingException(string message)
        : base(message)
    {
    }

    /// <summary>A numeric setting outside its allowed range, e.g. ("batch", 0, "a positive number").</summary>
    public static InvalidSettingException OutOfRange(string setting, double value, string requirement)
        => new($"The setting '{setting}' is {value.ToString("R", CultureInfo.InvariantCulture)}; it must be {requirement}.");

    /// <summary>Two settings that contradict each other, e.g. delta2 not above delta.</summary>
    public static InvalidSettingException Inconsistent(string detail)
        => new($"{detail}.");
}
