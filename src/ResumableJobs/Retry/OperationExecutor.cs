using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace ResumableJobs;

/// <summary>Runs fetch, apply, save and load through the job's resilience pipeline, each retried on its own.</summary>
internal sealed class OperationExecutor
{
    private static readonly ResiliencePropertyKey<ProgressTracker> TrackerKey = new("ResumableJobs.ProgressTracker");

    // Null when there is nothing to run through (no retries, or the empty pipeline): operations are called directly,
    // which keeps the per-page cost of a fast in-memory job at that of a hand-written loop.
    private readonly ResiliencePipeline? _pipeline;
    private readonly bool _reportsRetriesItself;
    private readonly Func<Exception, bool>? _shouldRetry;

    public OperationExecutor(ResumableJobOptions options)
    {
        if (options.ResiliencePipeline is { } custom)
        {
            _pipeline = ReferenceEquals(custom, ResiliencePipeline.Empty) ? null : custom;
            _reportsRetriesItself = false;
            return;
        }

        _reportsRetriesItself = true;
        var retry = options.Retry;
        if (retry.MaxRetryAttempts == 0)
        {
            _pipeline = null;
            return;
        }

        var timeProvider = options.TimeProvider;
        _shouldRetry = retry.ShouldRetry;
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = retry.MaxRetryAttempts,
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } error && !IsCancellation(error, args.Context.CancellationToken) && retry.ShouldRetry(error)),
                // Polly's own jittered backoff clamps at MaxDelay, which removes jitter at the cap; ours keeps it.
                // Polly's MaxDelay is left unset: it is ignored for generated delays (ComputeDelay caps them), and
                // Polly rejects values above one day, which valid RetryOptions reach (cap + base up to two days).
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(retry.ComputeDelay(
                    args.AttemptNumber,
                    args.Outcome.Exception is { } error ? TransientFaults.GetRetryAfter(error, timeProvider) : null)),
                OnRetry = args =>
                {
                    if (args.Context.Properties.TryGetValue(TrackerKey, out var tracker))
                    {
                        tracker.OnRetry(args.Context.OperationKey ?? "operation", args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception);
                    }

                    return default;
                },
            })
            .Build();
    }

    /// <summary>Whether an error is a cancellation, which is never retried (an HttpClient timeout is not one).</summary>
    internal static bool IsCancellation(Exception error, CancellationToken token) =>
        error is OperationCanceledException
        && (token.IsCancellationRequested || error is not TaskCanceledException { InnerException: TimeoutException });

    /// <summary>Runs an operation that returns a value (load, fetch, save), each retried on its own.</summary>
    public ValueTask<TResult> ExecuteAsync<TState, TResult>(
        string operation,
        ProgressTracker tracker,
        Func<TState, CancellationToken, ValueTask<TResult>> callback,
        TState state,
        CancellationToken cancellationToken)
    {
        if (_pipeline is null)
        {
            return callback(state, cancellationToken);
        }

        if (!_reportsRetriesItself)
        {
            return ExecuteThroughCustomPipelineAsync(_pipeline, operation, tracker, callback, state, cancellationToken);
        }

        // The built-in retry. The first attempt runs directly, outside Polly: most operations succeed at once, and
        // the pipeline's per-call machinery would cost more than a fast in-memory page. Only after a transient
        // failure does the operation enter the Polly pipeline, whose first attempt replays that failure, so Polly
        // decides, delays, counts and reports every retry exactly as if it had run the first attempt itself.
        ValueTask<TResult> first;
        try
        {
            first = callback(state, cancellationToken);
        }
        catch (Exception ex) when (IsRetryable(ex, cancellationToken))
        {
            return RetryAsync(_pipeline, operation, tracker, new RetryAfterFirstFailure<TState, TResult>(callback, state, ExceptionDispatchInfo.Capture(ex)), cancellationToken);
        }

        return first.IsCompletedSuccessfully ? first : AwaitFirstAttemptAsync(first, _pipeline, operation, tracker, callback, state, cancellationToken);
    }

    /// <summary>Runs an operation that returns no value (apply); see the other overload.</summary>
    public ValueTask ExecuteAsync<TState>(
        string operation,
        ProgressTracker tracker,
        Func<TState, CancellationToken, ValueTask> callback,
        TState state,
        CancellationToken cancellationToken)
    {
        if (_pipeline is null)
        {
            return callback(state, cancellationToken);
        }

        if (!_reportsRetriesItself)
        {
            return DiscardResultAsync(ExecuteThroughCustomPipelineAsync(_pipeline, operation, tracker, static (call, ct) => AsBooleanAsync(call.Callback(call.State, ct)), (Callback: callback, State: state), cancellationToken));
        }

        ValueTask first;
        try
        {
            first = callback(state, cancellationToken);
        }
        catch (Exception ex) when (IsRetryable(ex, cancellationToken))
        {
            return DiscardResultAsync(RetryAsync(_pipeline, operation, tracker, NoValue(callback, state, ExceptionDispatchInfo.Capture(ex)), cancellationToken));
        }

        return first.IsCompletedSuccessfully ? first : AwaitFirstAttemptAsync(first, _pipeline, operation, tracker, callback, state, cancellationToken);
    }

    private bool IsRetryable(Exception error, CancellationToken cancellationToken) =>
        !IsCancellation(error, cancellationToken) && _shouldRetry!(error);

    private static RetryAfterFirstFailure<(Func<TState, CancellationToken, ValueTask> Callback, TState State), bool> NoValue<TState>(
        Func<TState, CancellationToken, ValueTask> callback, TState state, ExceptionDispatchInfo firstFailure) =>
        new(static (call, ct) => AsBooleanAsync(call.Callback(call.State, ct)), (callback, state), firstFailure);

    private static async ValueTask DiscardResultAsync(ValueTask<bool> operation) => await operation.ConfigureAwait(false);

    private static async ValueTask<bool> AsBooleanAsync(ValueTask operation)
    {
        await operation.ConfigureAwait(false);
        return true;
    }

    private async ValueTask<TResult> AwaitFirstAttemptAsync<TState, TResult>(
        ValueTask<TResult> first,
        ResiliencePipeline pipeline,
        string operation,
        ProgressTracker tracker,
        Func<TState, CancellationToken, ValueTask<TResult>> callback,
        TState state,
        CancellationToken cancellationToken)
    {
        ExceptionDispatchInfo firstFailure;
        try
        {
            return await first.ConfigureAwait(false);
        }
        catch (Exception ex) when (IsRetryable(ex, cancellationToken))
        {
            firstFailure = ExceptionDispatchInfo.Capture(ex);
        }

        return await RetryAsync(pipeline, operation, tracker, new RetryAfterFirstFailure<TState, TResult>(callback, state, firstFailure), cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask AwaitFirstAttemptAsync<TState>(
        ValueTask first,
        ResiliencePipeline pipeline,
        string operation,
        ProgressTracker tracker,
        Func<TState, CancellationToken, ValueTask> callback,
        TState state,
        CancellationToken cancellationToken)
    {
        ExceptionDispatchInfo firstFailure;
        try
        {
            await first.ConfigureAwait(false);
            return;
        }
        catch (Exception ex) when (IsRetryable(ex, cancellationToken))
        {
            firstFailure = ExceptionDispatchInfo.Capture(ex);
        }

        await RetryAsync(pipeline, operation, tracker, NoValue(callback, state, firstFailure), cancellationToken).ConfigureAwait(false);
    }

    private static async ValueTask<TResult> RetryAsync<TState, TResult>(
        ResiliencePipeline pipeline,
        string operation,
        ProgressTracker tracker,
        RetryAfterFirstFailure<TState, TResult> invocation,
        CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(operation, cancellationToken);
        try
        {
            context.Properties.Set(TrackerKey, tracker);
            return await pipeline.ExecuteAsync(
                static (ctx, inv) => inv.InvokeAsync(ctx.CancellationToken),
                context,
                invocation).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async ValueTask<TResult> ExecuteThroughCustomPipelineAsync<TState, TResult>(
        ResiliencePipeline pipeline,
        string operation,
        ProgressTracker tracker,
        Func<TState, CancellationToken, ValueTask<TResult>> callback,
        TState state,
        CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(operation, cancellationToken);
        try
        {
            context.Properties.Set(TrackerKey, tracker);
            var invocation = new Invocation<TState, TResult>(operation, tracker, callback, state, _reportsRetriesItself);
            return await pipeline.ExecuteAsync(
                static (ctx, inv) => inv.InvokeAsync(ctx.CancellationToken),
                context,
                invocation).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>The attempts of an operation whose first attempt already failed: the pipeline's first "attempt" rethrows that failure.</summary>
    private sealed class RetryAfterFirstFailure<TState, TResult>(
        Func<TState, CancellationToken, ValueTask<TResult>> callback,
        TState state,
        ExceptionDispatchInfo firstFailure)
    {
        private bool _replayed;

        public async ValueTask<TResult> InvokeAsync(CancellationToken cancellationToken)
        {
            if (!_replayed)
            {
                _replayed = true;
                firstFailure.Throw();
            }

            return await callback(state, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One operation's attempts; with a user's pipeline, a second attempt is how a retry is noticed.</summary>
    private sealed class Invocation<TState, TResult>(
        string operation,
        ProgressTracker tracker,
        Func<TState, CancellationToken, ValueTask<TResult>> callback,
        TState state,
        bool retriesReportedByPipeline)
    {
        private int _attempts;
        private Exception? _lastError;

        public async ValueTask<TResult> InvokeAsync(CancellationToken cancellationToken)
        {
            if (_attempts++ > 0 && !retriesReportedByPipeline)
            {
                tracker.OnRetry(operation, _attempts - 1, null, _lastError);
            }

            try
            {
                return await callback(state, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                _lastError = ex;
                throw;
            }
        }
    }
}
