using Sysrec.Streaming;

namespace Sysrec.Tests.Streaming;

public sealed class HostSubjectsTests
{
    [Theory]
    [InlineData("sysrec.>", "sysrec.web-01", "web-01")]
    [InlineData("sysrec.>", "sysrec.web-01.example.com", "web-01.example.com")]
    [InlineData("sysrec.rack1.>", "sysrec.rack1.web-01", "web-01")]
    [InlineData("sysrec.*.>", "sysrec.rack2.db.example.com", "db.example.com")]
    [InlineData("sysrec.*.>", "sysrec", "")]
    [InlineData(">", "web-01", "web-01")]
    public void TheHostIsWhatTheFinalWildcardStandsFor(string filter, string subject, string host) =>
        Assert.Equal(host, HostSubjects.Parse("--filter", filter).HostOf(subject).ToString());

    [Theory]
    [InlineData("sysrec")]
    [InlineData("sysrec.*")]
    [InlineData("sysrec.>.x")]
    [InlineData("sysrec..>")]
    [InlineData("sys rec.>")]
    [InlineData("sysrec.a*.>")]
    public void AFilterThatDoesNotEndInTheHostIsAUsageError(string filter)
    {
        var error = Assert.Throws<SysrecException>(() => HostSubjects.Parse("--filter", filter));
        Assert.Equal((2, $"--filter: '{filter}' is not a subject ending in '>', which stands for the host name (e.g. sysrec.> or sysrec.rack1.>)"), (error.ExitCode, error.Message));
    }
}
