package io.kanthorq.core.worker;

import io.kanthorq.core.DiscardException;
import io.kanthorq.core.RetryLaterException;
import io.kanthorq.core.TaskHandler;
import io.kanthorq.core.internal.CurrentTask;
import io.kanthorq.core.internal.Observations;

/**
 * One attempt of a handler at a claimed task, and what it amounts to: completed, a retry (after the
 * handler's delay or the consumer's backoff) or a discard. The attempt is observed, and what the
 * handler publishes on this thread joins the chain of the task's event. Shared by the worker loop's
 * handler threads and the inline worker, so that both classify an outcome the same way.
 */
final class HandlerAttempt {

    /** What the attempt did: {@code failure} and {@code error} are null when the task completed. */
    record Result(TaskFinisher.Failure failure, Throwable error, long tookNanos) {}

    private HandlerAttempt() {}

    /** The discard of a task whose event is gone from {@code stream}: there is nothing to hand over. */
    static Result eventMissing(ClaimedTask task, String stream) {
        DiscardException missing =
                new DiscardException("event " + task.eventId() + " is no longer in stream '" + stream + "'");
        return new Result(FailedAttempt.of(task, true, null, missing), missing, 0);
    }

    /** Runs {@code handler} for {@code task} of {@code stream} on the calling thread. */
    static Result run(TaskHandler handler, ClaimedTask task, String stream, Observations observations) {
        long started = System.nanoTime();
        TaskFinisher.Failure failure = null;
        Throwable error = null;
        String outcome = "completed";
        Observations.Process observed = observations.process(stream, task.context());
        try {
            CurrentTask.runAs(task.context().event(), () -> {
                handler.handle(task.context());
                return null;
            });
        } catch (RetryLaterException e) {
            error = e;
            outcome = "retry";
            failure = FailedAttempt.of(task, false, e.delay().toMillis(), e);
        } catch (DiscardException e) {
            error = e;
            outcome = "discarded";
            failure = FailedAttempt.of(task, true, null, e);
        } catch (Throwable e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            error = e;
            outcome = "error";
            failure = FailedAttempt.of(task, false, null, e);
        } finally {
            observed.close(outcome, error);
        }
        return new Result(failure, error, System.nanoTime() - started);
    }
}
