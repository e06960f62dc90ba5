using System.Text;

namespace Headroom.Ingest;

/// <summary>Cheap looks at a file for detection: its first bytes as text (never throws).</summary>
internal static class FilePeek
{
    public static string Head(string path, int maxBytes)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 4096);
            var buffer = new byte[Math.Min(maxBytes, Math.Max(0, stream.Length))];
            var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            return Encoding.UTF8.GetString(buffer, 0, read);
        }
        catch (IOException)
        {
            return string.Empty;
        }
        catch (UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }

    /// <summary>The first bytes of a file (fewer when it is shorter; none when it cannot be read).</summary>
    public static byte[] HeadBytes(string path, int maxBytes)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
            var buffer = new byte[Math.Min(maxBytes, Math.Max(0, stream.Length))];
            var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            return buffer[..read];
        }
        catch (IOException)
        {
            return [];
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>The first line of a file (up to <paramref name="maxBytes"/>), without its line break.</summary>
    public static string FirstLine(string path, int maxBytes = 65536)
    {
        var head = Head(path, maxBytes);
        var end = head.IndexOfAny(['\n', '\r']);
        return end < 0 ? head : head[..end];
    }
}
