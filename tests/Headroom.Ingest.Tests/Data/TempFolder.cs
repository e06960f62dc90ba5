namespace Headroom.Ingest.Tests.Data;

/// <summary>A scratch folder under the system temp folder, deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = Directory.CreateTempSubdirectory("headroom-ingest-").FullName;
    }

    public string Path { get; }

    /// <summary>Writes <paramref name="text"/> to a file under the folder (creating sub-folders) and returns its path.</summary>
    public string Write(string relative, string text)
    {
        var file = Combine(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        File.WriteAllText(file, text);
        return file;
    }

    /// <summary>Writes raw bytes to a file under the folder and returns its path.</summary>
    public string WriteBytes(string relative, byte[] bytes)
    {
        var file = Combine(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        File.WriteAllBytes(file, bytes);
        return file;
    }

    public string Folder(string relative)
    {
        var folder = Combine(relative);
        Directory.CreateDirectory(folder);
        return folder;
    }

    public string Combine(string relative) => System.IO.Path.Combine(Path, relative);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A scratch folder left behind in /tmp is harmless.
        }
    }
}
