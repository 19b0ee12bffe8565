using SimInventorySync.Carriers;
using SimInventorySync.Cli;
using SimInventorySync.Inventory;

namespace SimInventorySync.Tests.Cli;

public sealed class CommandLineTests
{
    private static readonly Func<string, string?> NoEnvironment = static _ => null;

    [Fact]
    public void No_arguments_give_the_documented_defaults()
    {
        var commandLine = new SyncCommandLine();
        var parse = commandLine.Root.Parse([]);

        parse.Errors.Should().BeEmpty();
        var settings = commandLine.ToSettings(parse, NoEnvironment);
        settings.Should().BeEquivalentTo(new SyncSettings(), o => o.Excluding(s => s.Retry));
        settings.Sims.Should().BeGreaterThanOrEqualTo(20_000);
        settings.EffectiveSessionId.Should().Be("controlcenter");
        settings.CarrierUrl.Should().BeNull();
    }

    [Fact]
    public void Every_option_is_read()
    {
        var commandLine = new SyncCommandLine();
        var parse = commandLine.Root.Parse(["--db", "x.db", "--sims", "500", "--seed", "7", "--source", "supersim", "--session", "run-2", "--fault-rate", "0.2", "--rate-limit", "5"]);

        var settings = commandLine.ToSettings(parse, NoEnvironment);

        settings.Should().BeEquivalentTo(new SyncSettings
        {
            DatabasePath = "x.db",
            Sims = 500,
            Seed = 7,
            Source = CarrierSource.SuperSim,
            SessionId = "run-2",
            FaultRate = 0.2,
            RateLimit = 5,
        }, o => o.Excluding(s => s.Retry));
    }

    [Theory]
    [InlineData(new[] { "--sims", "0" }, "--sims must be a whole number from 1 to 10000000, not '0'.")]
    [InlineData(new[] { "--sims", "many" }, "--sims must be a whole number from 1 to 10000000, not 'many'.")]
    [InlineData(new[] { "--seed", "1.5" }, "--seed must be a whole number")]
    [InlineData(new[] { "--rate-limit", "-1" }, "--rate-limit must be a whole number from 0 to 100000, not '-1'.")]
    [InlineData(new[] { "--source", "att" }, "'att'")]
    [InlineData(new[] { "--session", "a b" }, "--session 'a b' is not a valid id")]
    [InlineData(new[] { "--fault-rate", "0.9" }, "--fault-rate must be a number from 0 to 0.5, not '0.9'.")]
    [InlineData(new[] { "--fault-rate", "lots" }, "--fault-rate must be a number from 0 to 0.5, not 'lots'.")]
    [InlineData(new[] { "--carrier-url", "ftp://carrier" }, "is not an absolute http or https URL")]
    [InlineData(new[] { "--bogus" }, "--bogus")]
    public void Bad_arguments_are_parse_errors_that_say_what_is_wrong(string[] args, string message)
    {
        var parse = new SyncCommandLine().Root.Parse(args);

        parse.Errors.Select(e => e.Message).Should().Contain(m => m.Contains(message));
    }

    [Theory]
    [InlineData("controlcenter", SyncCommandLine.ControlCenterUserVariable, SyncCommandLine.ControlCenterKeyVariable)]
    [InlineData("supersim", SyncCommandLine.SuperSimSidVariable, SyncCommandLine.SuperSimTokenVariable)]
    public void A_carrier_url_takes_the_credentials_from_the_environment_and_names_them_when_missing(string source, string userVariable, string secretVariable)
    {
        var commandLine = new SyncCommandLine();
        var parse = commandLine.Root.Parse(["--source", source, "--carrier-url", "https://carrier.example/"]);

        var missing = () => commandLine.ToSettings(parse, NoEnvironment);
        var settings = commandLine.ToSettings(parse, name => name == userVariable ? "me" : name == secretVariable ? "secret" : null);

        missing.Should().Throw<SyncException>().Which.Message.Should().Contain(userVariable).And.Contain(secretVariable);
        settings.CarrierUrl.Should().Be(new Uri("https://carrier.example/"));
        settings.Credentials.Should().Be(new CarrierCredentials("me", "secret"));
        settings.Credentials!.ToString().Should().NotContain("secret");
    }
}
