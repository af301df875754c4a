package io.contextbus.topology;

/**
 * A topology file or a topology built in code is invalid: unknown field, wrong type, value out of
 * range, duplicate or dangling name. {@link #path()} names the offending JSON element the way the
 * file spells it (e.g. {@code UserConfig.Namespaces[0].Topics[2].Properties.LockDuration}).
 * Unchecked and never transient: the same input always fails the same way, and nothing is built.
 */
public class TopologyException extends RuntimeException {
    private final String path;
    private final String problem;

    public TopologyException(String path, String problem) {
        this(path, problem, null);
    }

    public TopologyException(String path, String problem, Throwable cause) {
        super(path.isEmpty() ? problem : "'" + path + "' " + problem, cause);
        this.path = path;
        this.problem = problem;
    }

    /** The JSON path of the offending element; empty when the whole document is at fault. */
    public String path() {
        return path;
    }

    /** What is wrong, without the path (e.g. {@code must be between PT5S and PT5M but was PT10M.}). */
    public String problem() {
        return problem;
    }

    /** Always false: retrying with the same topology cannot succeed. */
    public boolean isTransient() {
        return false;
    }

    /** The same problem, with {@code parent} prefixed to the path (used while reading nested JSON). */
    public TopologyException under(String parent) {
        return new TopologyException(join(parent, path), problem, this);
    }

    static String join(String parent, String child) {
        if (parent.isEmpty()) {
            return child;
        }
        if (child.isEmpty()) {
            return parent;
        }
        return child.startsWith("[") ? parent + child : parent + "." + child;
    }
}
