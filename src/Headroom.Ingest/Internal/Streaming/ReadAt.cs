namespace Headroom.Ingest;

/// <summary>Reads bytes of a file at a file offset; returns how many (0 at the end), like <see cref="RandomAccess.Read(Microsoft.Win32.SafeHandles.SafeFileHandle, Span{byte}, long)"/>.</summary>
internal delegate int ReadAt(long offset, Span<byte> destination);
