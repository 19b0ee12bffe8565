namespace ResumableJobs.Tests.Throughput;

public sealed class PartitionedJobTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Part(string Id, NumberedSource Source, RecordingSink Sink)
    {
        public JobPartition<int, int> ToPartition() => new(Id, Source, Sink, 1);
    }

    private static Part[] Parts(params int[] pageCounts) =>
        pageCounts.Select((pages, i) => new Part($"p{i + 1}", new NumberedSource(pages), new RecordingSink())).ToArray();

    private static PartitionedJob<int> Create(Part[] parts, ICheckpointStore store, PartitionFailureMode mode = PartitionFailureMode.ContinueOthers, int parallel = 4) =>
        PartitionedJob.Create("accounts", parts.Select(p => p.ToPartition()), store, new PartitionedJobOptions { MaxParallelPartitions = parallel, FailureMode = mode });

    [Fact]
    public async Task Every_partition_runs_to_completion_with_its_own_checkpoint()
    {
        var parts = Parts(3, 5, 1);
        var store = new RecordingStore();

        var result = await Create(parts, store, parallel: 2).RunAsync(Ct);

        result.Outcome.Should().Be(JobOutcome.Completed);
        result.Partitions.Select(p => p.PartitionId).Should().Equal("p1", "p2", "p3");
        result.Partitions.Select(p => p.Result.JobId).Should().Equal("accounts.p1", "accounts.p2", "accounts.p3");
        result["p2"].TotalPages.Should().Be(5);
        result.TotalPages.Should().Be(9);
        result.TotalItems.Should().Be(90);
        (await store.ListAsync("accounts.", Ct)).Select(c => (c.JobId, c.PagesDone, c.Completed))
            .Should().Equal(("accounts.p1", 3L, true), ("accounts.p2", 5L, true), ("accounts.p3", 1L, true));
        parts.Should().OnlyContain(p => p.Sink.Rows.Count == p.Source.PageCount * 10);
    }

    [Fact]
    public async Task A_failed_partition_is_reported_with_its_id_while_the_others_finish_and_a_rerun_resumes_only_what_is_left()
    {
        var parts = Parts(4, 6, 4);
        parts[1].Sink.OnApply = (page, _, _) => page == 3 ? throw new InvalidOperationException("account p2 is locked") : ValueTask.CompletedTask;
        var store = new RecordingStore();
        var job = Create(parts, store);

        var first = await job.RunAsync(Ct);

        first.Outcome.Should().Be(JobOutcome.Failed);
        first.FailedPartitions.Should().ContainSingle().Which.PartitionId.Should().Be("p2");
        first["p2"].Error!.Message.Should().Be("account p2 is locked");
        first["p1"].Outcome.Should().Be(JobOutcome.Completed);
        first["p3"].Outcome.Should().Be(JobOutcome.Completed);
        (await job.GetCheckpointsAsync(Ct))["p2"]!.PagesDone.Should().Be(2);
        first.Invoking(r => r.ThrowIfNotDone()).Should().Throw<ResumableJobException>().WithMessage("*p2: account p2 is locked*");

        parts[1].Sink.OnApply = null;
        var fetchesBefore = parts.Select(p => p.Source.FetchesStarted.Count).ToArray();
        var second = await job.RunAsync(Ct);

        second.Outcome.Should().Be(JobOutcome.Completed);
        second["p1"].Outcome.Should().Be(JobOutcome.AlreadyCompleted);
        second["p3"].Outcome.Should().Be(JobOutcome.AlreadyCompleted);
        second["p2"].ResumedFromCursor.Should().Be("3");
        second["p2"].PagesThisRun.Should().Be(4);
        parts[0].Source.FetchesStarted.Count.Should().Be(fetchesBefore[0], "a completed partition fetches nothing");
        parts[2].Source.FetchesStarted.Count.Should().Be(fetchesBefore[2]);
        parts[1].Sink.AppliesPerPage.Values.Should().OnlyContain(n => n == 1);
        parts[1].Sink.Rows.Should().HaveCount(60);

        (await job.RunAsync(Ct)).Outcome.Should().Be(JobOutcome.AlreadyCompleted);
    }

    [Fact]
    public async Task Partitions_resume_independently_each_from_its_own_checkpoint()
    {
        var parts = Parts(10, 10, 10);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var applied = 0;
        foreach (var part in parts)
        {
            part.Sink.OnApply = (_, _, _) =>
            {
                if (Interlocked.Increment(ref applied) == 12)
                {
                    cts.Cancel();
                }

                return ValueTask.CompletedTask;
            };
        }

        var store = new RecordingStore();
        var job = Create(parts, store, parallel: 3);
        var first = await job.RunAsync(cts.Token);

        first.Outcome.Should().Be(JobOutcome.Cancelled);
        var stoppedAt = (await job.GetCheckpointsAsync(Ct)).ToDictionary(kv => kv.Key, kv => kv.Value?.PagesDone ?? 0);

        var second = await job.RunAsync(Ct);

        second.Outcome.Should().Be(JobOutcome.Completed);
        foreach (var part in parts)
        {
            second[part.Id].ResumedFromCursor.Should().Be(stoppedAt[part.Id] == 0 ? null : (stoppedAt[part.Id] + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            second[part.Id].PagesThisRun.Should().Be(10 - stoppedAt[part.Id]);
            part.Sink.AppliesPerPage.Values.Should().OnlyContain(n => n == 1, "a graceful stop checkpointed every applied page of every partition");
            part.Sink.Rows.Should().HaveCount(100);
        }
    }

    [Fact]
    public async Task Stop_all_cancels_the_running_partitions_and_does_not_start_the_waiting_ones()
    {
        var parts = Parts(5, 5, 5);
        var p2InApply3 = Signals.NewSignal();
        parts[0].Sink.OnApply = async (page, _, _) =>
        {
            if (page == 2)
            {
                await p2InApply3.Task;
                throw new InvalidOperationException("p1 broke");
            }
        };
        parts[1].Sink.OnApply = async (page, _, token) =>
        {
            if (page == 3)
            {
                p2InApply3.TrySetResult();
                await Task.Delay(Timeout.Infinite, token);
            }
        };
        var store = new RecordingStore();

        var result = await Create(parts, store, PartitionFailureMode.StopAll, parallel: 2).RunAsync(Ct);

        result.Outcome.Should().Be(JobOutcome.Failed);
        result.FailedPartitions.Select(p => p.PartitionId).Should().Equal("p1");
        result["p2"].Outcome.Should().Be(JobOutcome.Cancelled);
        result["p2"].TotalPages.Should().Be(2, "p2 keeps the pages it applied before the stop");
        result["p3"].Outcome.Should().Be(JobOutcome.Cancelled);
        parts[2].Source.FetchesStarted.Should().BeEmpty("p3 never started");
        (await store.LoadAsync("accounts.p2", Ct))!.PagesDone.Should().Be(2);
    }

    [Fact]
    public async Task No_more_partitions_run_at_once_than_allowed()
    {
        var parts = Parts(3, 3, 3, 3, 3);
        var running = 0;
        var maxRunning = 0;
        var twoRunning = Signals.NewSignal();
        var release = Signals.NewSignal();
        var gate = new object();
        foreach (var part in parts)
        {
            part.Source.OnFetch = async (cursor, _) =>
            {
                if (cursor == 1)
                {
                    lock (gate)
                    {
                        running++;
                        maxRunning = Math.Max(maxRunning, running);
                        if (running == 2)
                        {
                            twoRunning.TrySetResult();
                        }
                    }

                    await release.Task;
                }
            };
            part.Sink.OnApply = (page, _, _) =>
            {
                if (page == 3)
                {
                    lock (gate)
                    {
                        running--;
                    }
                }

                return ValueTask.CompletedTask;
            };
        }

        var run = Create(parts, new RecordingStore(), parallel: 2).RunAsync(Ct);
        await twoRunning.Task.Within();
        parts.Count(p => !p.Source.FetchesStarted.IsEmpty).Should().Be(2, "the other three wait for a slot");
        release.SetResult();
        var result = await run;

        result.Outcome.Should().Be(JobOutcome.Completed);
        maxRunning.Should().Be(2);
    }

    [Fact]
    public async Task Progress_is_aggregated_across_partitions_and_kept_per_partition()
    {
        var parts = Parts(2, 3, 4);
        var progress = new CollectingProgress<PartitionedProgress>();

        var result = await Create(parts, new RecordingStore(), parallel: 2).RunAsync(progress, Ct);

        result.Outcome.Should().Be(JobOutcome.Completed);
        var last = progress.Reports[^1];
        last.PartitionCount.Should().Be(3);
        last.PartitionsCompleted.Should().Be(3);
        last.PartitionsPending.Should().Be(0);
        last.PagesDone.Should().Be(9);
        last.ItemsDone.Should().Be(90);
        last.PagesThisRun.Should().Be(9);
        last.EstimatedTimeRemaining.Should().Be(TimeSpan.Zero);
        last.Partitions.Keys.Should().BeEquivalentTo("p1", "p2", "p3");
        last.Partitions["p3"].PagesDone.Should().Be(4);
        progress.Reports.Select(p => p.PagesDone).Should().BeInAscendingOrder("totals never go back");
        progress.Reports.Should().Contain(p => p.PartitionsPending > 0, "the third partition waited for a slot");
    }

    [Fact]
    public async Task Progress_gives_a_total_and_an_eta_when_every_partition_estimates_its_total()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var parts = Enumerable.Range(1, 2).Select(i => new JobPartition<int, int>($"p{i}", new EstimatingSource(new NumberedSource(4), 40), new AdvancingSink(time), 1)).ToArray();
        var progress = new CollectingProgress<PartitionedProgress>();
        var options = new PartitionedJobOptions { MaxParallelPartitions = 2, Job = new ResumableJobOptions { TimeProvider = time } };

        await PartitionedJob.Create("eta", parts, new RecordingStore(), options).RunAsync(progress, Ct);

        progress.Reports.Should().Contain(p => p.TotalItems == 80 && p.EstimatedTimeRemaining > TimeSpan.Zero && p.ItemsPerSecond > 0);
        progress.Reports[^1].FractionDone.Should().Be(1.0);
    }

    [Fact]
    public void Partition_ids_are_validated_at_creation()
    {
        var store = new RecordingStore();
        JobPartition<int, int> P(string id) => new(id, new NumberedSource(1), new RecordingSink(), 1);

        FluentActions.Invoking(() => P("has space")).Should().Throw<ArgumentException>().WithMessage("*has space*");
        // Job "a" with partition "b.c" would share checkpoint "a.b.c" with job "a.b" and partition "c".
        FluentActions.Invoking(() => P("b.c")).Should().Throw<ArgumentException>().WithMessage("*'b.c'*contains '.'*").Which.ParamName.Should().Be("partitionId");
        FluentActions.Invoking(() => PartitionedJob.Create("job", [P("a"), P("A")], store))
            .Should().Throw<ArgumentException>().WithMessage("*'A' is given twice*");
        FluentActions.Invoking(() => PartitionedJob.Create("job", Array.Empty<JobPartition<int, int>>(), store))
            .Should().Throw<ArgumentException>().WithMessage("*at least one partition*");
        FluentActions.Invoking(() => PartitionedJob.Create(new string('j', 150), [P(new string('p', 60))], store))
            .Should().Throw<ArgumentException>().WithMessage("*at most 200 characters*");
        FluentActions.Invoking(() => PartitionedJob.Create("job", [P("a")], store, new PartitionedJobOptions { MaxParallelPartitions = 0 }))
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("*MaxParallelPartitions*");
        FluentActions.Invoking(() => PartitionedJob.Create("job", [P("a")], store, new PartitionedJobOptions { Job = new ResumableJobOptions { PrefetchPages = -1 } }))
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("*PrefetchPages*");
    }

    [Fact]
    public async Task Reset_deletes_every_partition_checkpoint()
    {
        var parts = Parts(1, 2);
        var store = new RecordingStore();
        var job = Create(parts, store);
        await job.RunAsync(Ct);

        (await job.ResetAsync(Ct)).Should().Be(2);

        (await store.ListAsync(null, Ct)).Should().BeEmpty();
        job.GetPartitionJobId("p2").Should().Be("accounts.p2");
    }

    private sealed class EstimatingSource(NumberedSource inner, long total) : IPageSource<int, int>, IEstimatesTotalItems
    {
        public ValueTask<Page<int, int>> FetchPageAsync(int cursor, CancellationToken cancellationToken) => inner.FetchPageAsync(cursor, cancellationToken);

        public ValueTask<long?> EstimateTotalItemsAsync(CancellationToken cancellationToken) => ValueTask.FromResult<long?>(total);
    }

    private sealed class AdvancingSink(Microsoft.Extensions.Time.Testing.FakeTimeProvider time) : IIdempotentSink<int>
    {
        public ValueTask ApplyAsync(IReadOnlyList<int> items, PageContext context, CancellationToken cancellationToken)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            return ValueTask.CompletedTask;
        }
    }
}
