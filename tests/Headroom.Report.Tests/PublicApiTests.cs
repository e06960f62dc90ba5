using PublicApiGenerator;

namespace Headroom.Report.Tests;

public sealed class PublicApiTests
{
    [Fact]
    public void Public_api_of_Headroom_Report_matches_the_reviewed_snapshot()
    {
        // Given: assembly attributes (target framework, InternalsVisibleTo) are build details, not API
        var options = new ApiGeneratorOptions { IncludeAssemblyAttributes = false };

        // When
        var api = typeof(StudyReport).Assembly.GeneratePublicApi(options);

        // Then: a change here is an API change; review it, then accept with HEADROOM_ACCEPT_GOLDEN=1
        Golden.Verify("Headroom.Report.Tests", "PublicApi", "Headroom.Report", "txt", api);
    }
}
