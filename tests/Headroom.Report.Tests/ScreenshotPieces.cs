using SkiaSharp;

namespace Headroom.Report.Tests;

/// <summary>
/// A full-page screenshot cut into screen-high pieces (a reader can open each one at full size), after finding
/// where the page ends: the last row that is not plain background.
/// </summary>
internal static class ScreenshotPieces
{
    public const int WindowHeight = 16000;

    public const int PieceHeight = 1600;

    public static (int PageHeight, IReadOnlyList<string> Files) Cut(string png, string prefix)
    {
        using var image = SKBitmap.Decode(png);
        var height = PageHeight(image);
        var files = new List<string>();
        for (var top = 0; top < height; top += PieceHeight)
        {
            var rows = Math.Min(PieceHeight, height - top);
            using var piece = new SKBitmap(image.Width, rows);
            image.ExtractSubset(piece, new SKRectI(0, top, image.Width, top + rows));
            var file = $"{prefix}-{files.Count + 1}.png";
            using (var stream = File.Create(file))
            {
                piece.Encode(stream, SKEncodedImageFormat.Png, 90);
            }

            files.Add(file);
        }

        return (height, files);
    }

    private static int PageHeight(SKBitmap image)
    {
        var background = image.GetPixel(image.Width - 1, image.Height - 1);
        for (var y = image.Height - 1; y >= 0; y--)
        {
            for (var x = 0; x < image.Width; x += 2)
            {
                if (image.GetPixel(x, y) != background)
                {
                    return y + 1;
                }
            }
        }

        return 0;
    }
}
