package io.contextbus.model;

import io.contextbus.error.ValidationException;
import java.util.List;

/**
 * One page of commits in store order, and the position to read the next page from. An empty page
 * means the reader has caught up; {@code next} is then the position it read from.
 */
public record CommitPage(List<Commit> commits, Position next) {
    public CommitPage {
        ValidationException.requireNonNull(commits, "commits");
        ValidationException.requireNonNull(next, "next");
        commits = List.copyOf(commits);
    }

    public boolean isEmpty() {
        return commits.isEmpty();
    }
}
