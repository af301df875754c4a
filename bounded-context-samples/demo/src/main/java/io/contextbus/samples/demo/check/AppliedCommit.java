package io.contextbus.samples.demo.check;

/** One entry of a consumer's applied log: it applied commit {@code commitSequence} of a source stream. */
public record AppliedCommit(String source, String streamId, long commitSequence) {
}
