namespace Headroom.Core.Tests;

public sealed class SharedDataTests
{
    [Theory]
    [InlineData("1", true, true)]
    [InlineData("1", false, false)]
    [InlineData(null, true, false)]
    [InlineData("0", true, false)]
    public void Missing_data_fails_only_when_required_and_the_shared_folder_exists(string? variable, bool sharedExists, bool mustNotSkip)
    {
        // Given HEADROOM_REQUIRE_SHARED and whether ../shared exists
        // When a test that needs a sub-folder of ../shared does not find it
        // Then it fails (instead of skipping) only when CI requires the data and ../shared is there
        Assert.Equal(mustNotSkip, SharedData.MustNotSkip(variable, sharedExists));
    }
}
