namespace Headroom.Lab;

/// <summary>The environment variable that tells a lab command it is a study's worker: it then stops when its standard input closes.</summary>
public static class WorkerEnvironment
{
    /// <summary>HEADROOM_LAB_WORKER=1.</summary>
    public const string Variable = "HEADROOM_LAB_WORKER";

    /// <summary>True in a study's worker process.</summary>
    public static bool IsWorker => Environment.GetEnvironmentVariable(Variable) == "1";

    /// <summary>Cancels <paramref name="cancel"/> when standard input reaches its end (the study that started this process is gone).</summary>
    public static void CancelWhenParentExits(CancellationTokenSource cancel)
    {
        ArgumentNullException.ThrowIfNull(cancel);
        var watcher = new Thread(() =>
        {
            try
            {
                while (Console.In.Read() >= 0)
                {
                }
            }
            catch (IOException)
            {
            }

            try
            {
                cancel.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // the command finished first
            }
        })
        { IsBackground = true, Name = "study parent watcher" };
        watcher.Start();
    }
}
