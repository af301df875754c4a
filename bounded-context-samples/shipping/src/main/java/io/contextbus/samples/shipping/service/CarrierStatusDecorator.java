package io.contextbus.samples.shipping.service;

import io.contextbus.handler.CommitContext;
import io.contextbus.handler.HandlerDecorator;
import io.contextbus.inbox.ApplyOutcome;
import io.contextbus.propagation.DirtyMarks;
import io.contextbus.samples.common.contracts.OrderingContract;
import java.sql.Connection;

/**
 * Around every applied ordering commit: updates the order's row of the carrier status table and marks
 * its shipment dirty, both through the inbox transaction, so the status change, its dirty mark and
 * the inbox's progress commit together. The propagation pushes the shipment to the carrier later.
 */
final class CarrierStatusDecorator implements HandlerDecorator<Connection> {
    private static final String ORDER_STREAM_PREFIX = OrderingContract.streamOf("");

    private final DirtyMarks<Connection> marks;

    CarrierStatusDecorator(DirtyMarks<Connection> marks) {
        this.marks = marks;
    }

    @Override
    public ApplyOutcome aroundCommit(CommitContext<Connection> commit, CommitStep next) {
        ApplyOutcome outcome = next.proceed();
        String stream = commit.streamId().value();
        if (outcome instanceof ApplyOutcome.NotApplied || !stream.startsWith(ORDER_STREAM_PREFIX)) {
            return outcome;
        }
        try {
            String shipmentId = CarrierStatusTable.apply(commit.transaction(),
                    stream.substring(ORDER_STREAM_PREFIX.length()), commit.commit());
            marks.mark(commit.transaction(), shipmentId, commit.commitSequence());
        } catch (Exception e) {
            // without its row and mark the commit is not applied: the inbox rolls it back and retries
            return ApplyOutcome.failed(e);
        }
        return outcome;
    }
}
