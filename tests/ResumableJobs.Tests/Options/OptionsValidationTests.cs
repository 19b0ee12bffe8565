using NSubstitute;
using ResumableJobs.Tests.Fakes;

namespace ResumableJobs.Tests.Options;

/// <summary>Rule 7: invalid options fail when the job is created, with a message that names the option.</summary>
public sealed class OptionsValidationTests
{
    public static TheoryData<string, Action<ResumableJobOptions>, string> InvalidOptions() => new()
    {
        { "negative empty-page limit", o => o.MaxConsecutiveEmptyPages = -1, "ResumableJobOptions.MaxConsecutiveEmptyPages" },
        { "no cursor history", o => o.CursorHistorySize = 0, "ResumableJobOptions.CursorHistorySize" },
        { "a huge cursor history", o => o.CursorHistorySize = 10_001, "ResumableJobOptions.CursorHistorySize" },
        { "a negative grace period", o => o.CheckpointSaveGracePeriod = TimeSpan.FromSeconds(-1), "ResumableJobOptions.CheckpointSaveGracePeriod" },
        { "a grace period over an hour", o => o.CheckpointSaveGracePeriod = TimeSpan.FromHours(1) + TimeSpan.FromTicks(1), "ResumableJobOptions.CheckpointSaveGracePeriod" },
        { "no TimeProvider", o => o.TimeProvider = null!, "ResumableJobOptions.TimeProvider" },
        { "no LoggerFactory", o => o.LoggerFactory = null!, "ResumableJobOptions.LoggerFactory" },
        { "no Retry", o => o.Retry = null!, "ResumableJobOptions.Retry" },
        { "negative retry attempts", o => o.Retry.MaxRetryAttempts = -1, "RetryOptions.MaxRetryAttempts" },
        { "a zero base delay", o => o.Retry.BaseDelay = TimeSpan.Zero, "RetryOptions.BaseDelay" },
        { "a negative base delay", o => o.Retry.BaseDelay = TimeSpan.FromSeconds(-1), "RetryOptions.BaseDelay" },
        { "a base delay over a day", o => o.Retry.BaseDelay = TimeSpan.FromDays(1) + TimeSpan.FromTicks(1), "RetryOptions.BaseDelay" },
        { "a cap below the base delay", o => (o.Retry.BaseDelay, o.Retry.MaxDelay) = (TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)), "RetryOptions.MaxDelay" },
        { "a cap over a day", o => o.Retry.MaxDelay = TimeSpan.FromDays(2), "RetryOptions.MaxDelay" },
        { "no retry predicate", o => o.Retry.ShouldRetry = null!, "RetryOptions.ShouldRetry" },
        { "no randomizer", o => o.Retry.Randomizer = null!, "RetryOptions.Randomizer" },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Each_invalid_option_throws_at_Create_naming_the_option(string what, Action<ResumableJobOptions> breakIt, string option)
    {
        var options = new ResumableJobOptions();
        breakIt(options);

        var act = () => ResumableJob.Create("options", FakePageSource.Uniform(1, 1), new RecordingSink(), new InMemoryCheckpointStore(), 0, options);

        var error = act.Should().Throw<ArgumentException>(what).Which;
        error.Message.Should().Contain(option, what);
        error.ParamName.Should().Be(option.Split('.')[1], what);
    }

    [Fact]
    public void The_boundary_values_are_valid()
    {
        foreach (var configure in new Action<ResumableJobOptions>[]
        {
            o => o.MaxConsecutiveEmptyPages = 0,
            o => o.CursorHistorySize = 1,
            o => o.CursorHistorySize = 10_000,
            o => o.CheckpointSaveGracePeriod = TimeSpan.Zero,
            o => o.CheckpointSaveGracePeriod = TimeSpan.FromHours(1),
            o => o.Retry.MaxRetryAttempts = 0,
            o => o.Retry.MaxRetryAttempts = int.MaxValue,
            o => (o.Retry.BaseDelay, o.Retry.MaxDelay) = (TimeSpan.FromDays(1), TimeSpan.FromDays(1)),
            o => (o.Retry.BaseDelay, o.Retry.MaxDelay) = (TimeSpan.FromTicks(1), TimeSpan.FromTicks(1)),
        })
        {
            var options = new ResumableJobOptions();
            configure(options);

            var act = () => ResumableJob.Create("options", FakePageSource.Uniform(1, 1), new RecordingSink(), new InMemoryCheckpointStore(), 0, options);

            act.Should().NotThrow();
        }
    }

    [Fact]
    public async Task Options_are_copied_at_Create_so_later_changes_do_not_reach_the_job()
    {
        var harness = new JobHarness(FakePageSource.Uniform(2, 2));
        var options = harness.CreateOptions();
        options.Retry.MaxRetryAttempts = 0;
        var job = ResumableJob.Create(harness.JobId, harness.Source, harness.Sink, harness.Store, 0, options);
        options.Retry.MaxRetryAttempts = 5;
        options.Retry.ShouldRetry = _ => false;
        var fault = InjectedFault.Transient("once");
        harness.Source.BeforeFetch = call => call.Cursor == 1 && call.CallForCursor == 1 ? fault : null;

        var result = await harness.Clock.DriveAsync(job.RunAsync(TestContext.Current.CancellationToken));

        result.Error.Should().BeSameAs(fault, "the job kept MaxRetryAttempts = 0");
    }

    [Fact]
    public void Missing_arguments_are_named()
    {
        var source = FakePageSource.Uniform(1, 1);
        var sink = new RecordingSink();
        var store = new InMemoryCheckpointStore();

        FluentActions.Invoking(() => ResumableJob.Create<int, SourceItem>("x", null!, sink, store, 0)).Should().Throw<ArgumentNullException>().WithParameterName("source");
        FluentActions.Invoking(() => ResumableJob.Create("x", source, null!, store, 0)).Should().Throw<ArgumentNullException>().WithParameterName("sink");
        FluentActions.Invoking(() => ResumableJob.Create("x", source, sink, null!, 0)).Should().Throw<ArgumentNullException>().WithParameterName("store");
        FluentActions.Invoking(() => ResumableJob.Create<string, string>("x", Substitute.For<IPageSource<string, string>>(), Substitute.For<IIdempotentSink<string>>(), store, null!))
            .Should().Throw<ArgumentNullException>().WithParameterName("startCursor").WithMessage("*'x'*start cursor*");
    }
}
