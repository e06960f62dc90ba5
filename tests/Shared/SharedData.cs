namespace Headroom.Tests;

/// <summary>
/// Finds the real data kept beside the repository (`../shared/retu`, `../shared/realworld`). Tests that
/// need it call <see cref="RequireFolder"/>, which skips the test with a message when it is absent. With
/// HEADROOM_REQUIRE_SHARED=1 (set by .ci/run) a missing sub-folder fails the test instead whenever `../shared`
/// itself exists: there the data should be complete, and a skip would hide a test that no longer runs.
/// </summary>
internal static class SharedData
{
    /// <summary>The environment variable that turns a skip for missing data into a failure when `../shared` exists.</summary>
    public const string RequireVariable = "HEADROOM_REQUIRE_SHARED";

    /// <summary>The repository root: the first ancestor of the test binaries holding Headroom.slnx.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The `shared` folder beside the repository (it may not exist).</summary>
    public static string SharedRoot => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));

    /// <summary>Path of a sub-folder of `../shared`, skipping the calling test when it is absent.</summary>
    public static string RequireFolder(string name)
    {
        var path = Path.Combine(SharedRoot, name);
        if (!Directory.Exists(path))
        {
            if (MustNotSkip(Environment.GetEnvironmentVariable(RequireVariable), Directory.Exists(SharedRoot)))
            {
                Assert.Fail($"The real data folder {path} is absent although {SharedRoot} exists and {RequireVariable}=1: the test would have been skipped.");
            }

            Assert.Skip($"Skipped: the real data folder {path} is absent (it lives beside the repository, never inside it).");
        }

        return path;
    }

    /// <summary>Whether a test that misses its data must fail instead of skipping: the variable is "1" and `../shared` exists.</summary>
    public static bool MustNotSkip(string? requireVariable, bool sharedExists) => requireVariable == "1" && sharedExists;

    /// <summary>Path of a file inside the repository (examples, golden files...).</summary>
    public static string InRepository(params string[] parts) => Path.Combine([RepositoryRoot, .. parts]);

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Headroom.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName
            ?? throw new InvalidOperationException($"No Headroom.slnx above {AppContext.BaseDirectory}.");
    }
}
