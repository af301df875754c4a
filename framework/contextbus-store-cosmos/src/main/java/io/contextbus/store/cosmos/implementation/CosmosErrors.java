package io.contextbus.store.cosmos.implementation;

import com.azure.cosmos.CosmosException;
import io.contextbus.error.CommitTooLargeException;
import io.contextbus.error.ContextBusException;
import io.contextbus.error.StoreException;
import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;

/**
 * The one place where Cosmos DB status codes become contextbus meaning. Callers ask {@link #kind}
 * for the statuses whose meaning depends on the call (409, 412, 404) and hand everything else to
 * {@link #translate}.
 */
public final class CosmosErrors {

    /** What a Cosmos DB status means to the store. */
    public enum Kind {
        /** 409: the id (or a unique key) exists: a concurrency conflict or a duplicate commit. */
        CONFLICT,
        /** 412: an ETag condition did not hold: someone else wrote first. */
        CONDITION_FAILED,
        /** 404: the item or container does not exist. */
        NOT_FOUND,
        /** 424: this operation of a transactional batch failed because another one did. */
        FAILED_DEPENDENCY,
        /** 413: the request or item is too large. */
        TOO_LARGE,
        /** 429, 503, 408, 410, 449, 500: a retry can succeed. */
        TRANSIENT,
        /** Anything else: a bug, bad configuration, or a missing permission. */
        PERMANENT
    }

    /** Cosmos DB's maximum item size, named in the exception for a 413. */
    public static final long MAX_ITEM_BYTES = 2L * 1024 * 1024;

    private CosmosErrors() {
    }

    public static Kind kind(int status) {
        return switch (status) {
            case 409 -> Kind.CONFLICT;
            case 412 -> Kind.CONDITION_FAILED;
            case 404 -> Kind.NOT_FOUND;
            case 424 -> Kind.FAILED_DEPENDENCY;
            case 413 -> Kind.TOO_LARGE;
            case 429, 503, 408, 410, 449, 500 -> Kind.TRANSIENT;
            default -> Kind.PERMANENT;
        };
    }

    public static Kind kind(CosmosException e) {
        return kind(e.getStatusCode());
    }

    /**
     * The contextbus exception for a failure whose meaning does not depend on the call: transient
     * and permanent failures become a {@link StoreException}, 413 a {@link CommitTooLargeException}
     * when a stream is known.
     */
    public static ContextBusException translate(CosmosException e, String operation, StreamId streamId) {
        return translate(e.getStatusCode(), e.getSubStatusCode(), operation, streamId, -1, e);
    }

    /** As above, for a write of a {@code documentBytes}-byte item (named in a 413's exception). */
    public static ContextBusException translate(CosmosException e, String operation, StreamId streamId,
                                                long documentBytes) {
        return translate(e.getStatusCode(), e.getSubStatusCode(), operation, streamId, documentBytes, e);
    }

    /**
     * A read-only open found no container (or no database) to read: never transient, since a
     * read-only store never creates one. Names what is missing and where.
     *
     * @param databaseExists whether the database itself exists (then only the container is missing)
     */
    public static StoreException missingContainer(String endpoint, String database, String container,
                                                  boolean databaseExists, CosmosException cause) {
        String missing = databaseExists
                ? "container '" + container + "' does not exist in database '" + database + "'"
                : "database '" + database + "' (which should hold container '" + container + "') does not exist";
        return new StoreException("Cosmos DB " + missing + " at " + endpoint + ". A store opened read-only never"
                + " creates it: check the database name and container prefix, or let the context's own writer"
                + " (or Bicep) create it first.", false, cause);
    }

    /** A write to a store opened read-only: refused before any request, never transient. */
    public static StoreException readOnly(String operation, ContextName context, String container) {
        return new StoreException(operation + " refused: the store of context '" + context.value() + "' (container '"
                + container + "') was opened read-only (CosmosStores.openReadOnly); open it with"
                + " CosmosStores.connect or CosmosStores.open to write.", false, null);
    }

    /** As {@link #translate(CosmosException, String, StreamId)}, for a status read from a batch response. */
    public static ContextBusException translate(int status, int subStatus, String operation, StreamId streamId,
                                                long documentBytes, Throwable cause) {
        Kind kind = kind(status);
        if (kind == Kind.TOO_LARGE && streamId != null) {
            return new CommitTooLargeException(streamId, documentBytes, MAX_ITEM_BYTES);
        }
        String where = streamId == null ? "" : " stream=" + streamId.value();
        return new StoreException("Cosmos DB " + operation + " failed: status=" + status + " subStatus=" + subStatus
                + where, kind == Kind.TRANSIENT, cause);
    }
}
