namespace Headroom.Tests;

/// <summary>A fresh folder under the system temp folder, deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "headroom-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>The path of a file under the folder, its parent folders created.</summary>
    public string File(params string[] parts)
    {
        var path = System.IO.Path.Combine([Path, .. parts]);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        return path;
    }

    /// <summary>Writes <paramref name="text"/> to a file under the folder (creating sub-folders) and returns its path.</summary>
    public string Write(string relative, string text)
    {
        var file = File(relative);
        System.IO.File.WriteAllText(file, text);
        return file;
    }

    /// <summary>Writes raw bytes to a file under the folder and returns its path.</summary>
    public string WriteBytes(string relative, byte[] bytes)
    {
        var file = File(relative);
        System.IO.File.WriteAllBytes(file, bytes);
        return file;
    }

    /// <summary>Creates a sub-folder and returns its path.</summary>
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
            // A leftover temp folder is harmless.
        }
    }
}
