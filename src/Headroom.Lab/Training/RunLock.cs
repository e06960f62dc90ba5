using System.Globalization;

namespace Headroom.Lab.Training;

/// <summary>
/// Keeps a second lab run out of a folder while one writes it: an exclusive lock on FOLDER/.lock (an OS
/// file lock, so a killed run releases it), and FOLDER/.lock.holder saying who holds it (process, host,
/// command, start time) for the refusal message. Dispose to release.
/// </summary>
internal sealed class RunLock : IDisposable
{
    private const string LockFile = ".lock";
    private const string HolderFile = ".lock.holder";
    private readonly FileStream _lock;
    private readonly string _holder;

    private RunLock(FileStream lockStream, string holder)
    {
        _lock = lockStream;
        _holder = holder;
    }

    /// <summary>Locks <paramref name="folder"/> (creating it) for <paramref name="command"/>; a held lock is a <see cref="LabException"/> naming its holder.</summary>
    public static RunLock Acquire(string folder, string command)
    {
        Directory.CreateDirectory(folder);
        var holderPath = Path.Combine(folder, HolderFile);
        FileStream stream;
        try
        {
            stream = new FileStream(Path.Combine(folder, LockFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            var holder = File.Exists(holderPath) ? File.ReadAllText(holderPath).Trim() : "holder unknown";
            throw LabException.Locked(folder, holder);
        }

        var description = string.Create(CultureInfo.InvariantCulture, $"process {Environment.ProcessId} on {Environment.MachineName}, '{command}', since {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC");
        File.WriteAllText(holderPath, description + "\n");
        return new RunLock(stream, holderPath);
    }

    public void Dispose()
    {
        File.Delete(_holder);
        _lock.Dispose();
    }
}
