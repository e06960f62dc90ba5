namespace Headroom.Core;

/// <summary>
/// The root of every user-facing failure in Headroom: bad input files, impossible settings, missing
/// data. The message is one sentence that names the file and position where there is one, quotes the
/// bad value and, where possible, says how to fix it. The command line prints it and exits with code 1.
/// </summary>
/// <remarks>Programmer errors use the standard argument exceptions instead.</remarks>
public class HeadroomException : Exception
{
    /// <summary>Creates an exception with a one-sentence message.</summary>
    public HeadroomException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a one-sentence message and the failure that caused it.</summary>
    public HeadroomException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
