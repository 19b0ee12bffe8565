using System.Net;
using System.Net.Http;
using Microsoft.Extensions.Time.Testing;
using ResumableJobs.Testing;

namespace ResumableJobs.Tests.Chaos;

public sealed class ChaosPageSourceTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static async Task<List<Page<long, ChaosItem>>> FetchAllAsync(ChaosPageSource source)
    {
        var pages = new List<Page<long, ChaosItem>>();
        var cursor = ChaosPageSource.StartCursor;
        while (true)
        {
            var page = await source.FetchPageAsync(cursor, Token);
            pages.Add(page);
            if (!page.HasMore)
            {
                return pages;
            }

            cursor = page.NextCursor;
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_data_set_and_another_seed_another()
    {
        var a = new ChaosPageSource(seed: 7, itemCount: 500, pageSize: 20);
        var b = new ChaosPageSource(seed: 7, itemCount: 500, pageSize: 20);
        var c = new ChaosPageSource(seed: 8, itemCount: 500, pageSize: 20);

        a.Items.Should().Equal(b.Items);
        a.Items.Select(i => i.Value).Should().NotEqual(c.Items.Select(i => i.Value));
        a.Items.Should().HaveCount(500);
        a.PageCount.Should().Be(25);
    }

    [Fact]
    public void Updates_repeat_earlier_ids_and_the_expected_state_holds_the_latest_revision_of_each()
    {
        var source = new ChaosPageSource(new ChaosPageSourceOptions { Seed = 3, ItemCount = 1_000, PageSize = 10, UpdateFraction = 0.3 });

        var repeated = source.Items.GroupBy(i => i.Id).Where(g => g.Count() > 1).ToList();
        repeated.Should().NotBeEmpty("30% of the stream are updates of earlier ids");
        source.Items.Select(i => i.Revision).Should().Equal(Enumerable.Range(0, 1_000).Select(i => (long)i));
        source.ExpectedFinalState.Should().HaveCount(source.Items.Select(i => i.Id).Distinct().Count());
        foreach (var group in repeated)
        {
            source.ExpectedFinalState[group.Key].Should().Be(group.MaxBy(i => i.Revision));
        }

        new ChaosPageSource(new ChaosPageSourceOptions { Seed = 3, ItemCount = 100, UpdateFraction = 0 })
            .Items.Select(i => i.Id).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task Paging_from_the_start_cursor_returns_every_item_once_in_order_and_ends_with_the_item_count()
    {
        var source = new ChaosPageSource(seed: 1, itemCount: 95, pageSize: 10);

        var pages = await FetchAllAsync(source);

        pages.Should().HaveCount(10);
        pages.SelectMany(p => p.Items).Should().Equal(source.Items);
        pages.Take(9).Should().OnlyContain(p => p.HasMore && p.Items.Count == 10);
        pages[^1].HasMore.Should().BeFalse();
        pages[^1].Items.Should().HaveCount(5);
        pages[^1].NextCursor.Should().Be(95);
        source.FetchedPages.Should().Equal(Enumerable.Range(0, 10).Select(i => (long)i));
    }

    [Fact]
    public async Task An_empty_source_is_one_empty_last_page()
    {
        var source = new ChaosPageSource(seed: 1, itemCount: 0, pageSize: 10);

        var page = await source.FetchPageAsync(0, Token);

        page.Items.Should().BeEmpty();
        page.HasMore.Should().BeFalse();
        source.PageCount.Should().Be(1);
        source.ExpectedFinalState.Should().BeEmpty();
    }

    [Theory]
    [InlineData(-10L)]
    [InlineData(5L)]
    [InlineData(100L)]
    [InlineData(110L)]
    public async Task A_cursor_that_is_not_the_start_of_a_page_is_rejected(long cursor)
    {
        var source = new ChaosPageSource(seed: 1, itemCount: 100, pageSize: 10);

        var act = async () => await source.FetchPageAsync(cursor, Token);

        (await act.Should().ThrowAsync<ArgumentOutOfRangeException>()).WithMessage($"*Cursor {cursor} is not the start of a page*");
    }

    [Fact]
    public async Task Scheduled_faults_hit_the_chosen_page_in_order_then_the_page_succeeds()
    {
        var source = new ChaosPageSource(seed: 1, itemCount: 100, pageSize: 10);
        source.Schedule(2, ChaosFault.Transient, times: 2);
        source.Schedule(2, ChaosFault.Fatal);

        (await source.FetchPageAsync(10, Token)).Items.Should().HaveCount(10);
        await FluentActions.Awaiting(async () => await source.FetchPageAsync(20, Token)).Should().ThrowAsync<TransientFaultException>().WithMessage("*page 2*");
        await FluentActions.Awaiting(async () => await source.FetchPageAsync(20, Token)).Should().ThrowAsync<TransientFaultException>();
        await FluentActions.Awaiting(async () => await source.FetchPageAsync(20, Token)).Should().ThrowAsync<ChaosFatalFaultException>().WithMessage("*fatal*page 2*");
        (await source.FetchPageAsync(20, Token)).Items.Should().Equal(source.Items.Skip(20).Take(10));

        source.InjectedCount(ChaosFault.Transient).Should().Be(2);
        source.InjectedCount(ChaosFault.Fatal).Should().Be(1);
        source.FetchCount.Should().Be(5);
        TransientFaults.IsTransient(new ChaosFatalFaultException("x")).Should().BeFalse();
    }

    [Fact]
    public async Task A_throttle_is_a_transient_429_carrying_its_retry_after()
    {
        var time = new FakeTimeProvider();
        var source = new ChaosPageSource(new ChaosPageSourceOptions { ItemCount = 10, ThrottleRetryAfter = TimeSpan.FromSeconds(7), TimeProvider = time });
        source.Schedule(0, ChaosFault.Throttle);

        var error = (await FluentActions.Awaiting(async () => await source.FetchPageAsync(0, Token)).Should().ThrowAsync<TransientFaultException>()).Which;

        error.RetryAfter.Should().Be(TimeSpan.FromSeconds(7));
        error.InnerException.Should().BeOfType<HttpRequestException>().Which.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        TransientFaults.IsTransient(error).Should().BeTrue();
        TransientFaults.GetRetryAfter(error, time).Should().Be(TimeSpan.FromSeconds(7));
    }

    [Fact]
    public async Task A_slow_page_waits_on_the_time_provider_and_then_succeeds()
    {
        var time = new FakeTimeProvider();
        var source = new ChaosPageSource(new ChaosPageSourceOptions { ItemCount = 10, SlowPageDelay = TimeSpan.FromSeconds(30), TimeProvider = time });
        source.Schedule(0, ChaosFault.Slow);

        var fetch = source.FetchPageAsync(0, Token).AsTask();
        time.Advance(TimeSpan.FromSeconds(29));
        fetch.IsCompleted.Should().BeFalse("the page is slow on the fake clock");
        time.Advance(TimeSpan.FromSeconds(1));

        (await fetch).Items.Should().HaveCount(10);
        source.InjectedCount(ChaosFault.Slow).Should().Be(1);
    }

    [Fact]
    public async Task A_slow_page_can_be_cancelled()
    {
        var time = new FakeTimeProvider();
        var source = new ChaosPageSource(new ChaosPageSourceOptions { ItemCount = 10, SlowPageRate = 1, TimeProvider = time });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);

        var fetch = source.FetchPageAsync(0, stop.Token).AsTask();
        await stop.CancelAsync();

        await FluentActions.Awaiting(() => fetch).Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task Chance_faults_follow_the_seed_and_heal_turns_them_off()
    {
        static async Task<List<string>> OutcomesAsync(int seed)
        {
            var source = new ChaosPageSource(new ChaosPageSourceOptions
            {
                Seed = seed,
                ItemCount = 10,
                TransientFaultRate = 0.2,
                FatalFaultRate = 0.1,
                ThrottleRate = 0.1,
                TimeProvider = new FakeTimeProvider(),
            });
            var outcomes = new List<string>();
            for (var i = 0; i < 300; i++)
            {
                try
                {
                    await source.FetchPageAsync(0, Token);
                    outcomes.Add("ok");
                }
                catch (TransientFaultException ex)
                {
                    outcomes.Add(ex.RetryAfter is null ? "transient" : "throttle");
                }
                catch (ChaosFatalFaultException)
                {
                    outcomes.Add("fatal");
                }
            }

            source.Heal();
            for (var i = 0; i < 50; i++)
            {
                await source.FetchPageAsync(0, Token);
            }

            return outcomes;
        }

        var first = await OutcomesAsync(seed: 11);
        var again = await OutcomesAsync(seed: 11);
        var other = await OutcomesAsync(seed: 12);

        first.Should().Equal(again);
        first.Should().NotEqual(other);
        first.Distinct().Should().BeEquivalentTo(["ok", "transient", "throttle", "fatal"]);
    }

    [Fact]
    public void Invalid_options_are_rejected_naming_the_option()
    {
        FluentActions.Invoking(() => new ChaosPageSource(new ChaosPageSourceOptions { ItemCount = -1 })).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("ItemCount");
        FluentActions.Invoking(() => new ChaosPageSource(new ChaosPageSourceOptions { PageSize = 0 })).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("PageSize");
        FluentActions.Invoking(() => new ChaosPageSource(new ChaosPageSourceOptions { UpdateFraction = 1.5 })).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("UpdateFraction");
        FluentActions.Invoking(() => new ChaosPageSource(new ChaosPageSourceOptions { ThrottleRate = double.NaN })).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("ThrottleRate");
        FluentActions.Invoking(() => new ChaosPageSource(new ChaosPageSourceOptions { TransientFaultRate = 0.6, FatalFaultRate = 0.6 })).Should().Throw<ArgumentException>().WithMessage("*add up to at most 1*");
        FluentActions.Invoking(() => new ChaosPageSource(new ChaosPageSourceOptions { SlowPageDelay = TimeSpan.FromSeconds(-1) })).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("SlowPageDelay");
        FluentActions.Invoking(() => new ChaosPageSource(new ChaosPageSourceOptions { TimeProvider = null! })).Should().Throw<ArgumentNullException>().WithParameterName("TimeProvider");
        FluentActions.Invoking(() => new ChaosPageSource(seed: 1, itemCount: 10, pageSize: 10).Schedule(-1, ChaosFault.Fatal)).Should().Throw<ArgumentOutOfRangeException>();
    }
}
