package io.contextbus.dispatch;

import java.util.UUID;

/** Default lease owner ids: {@code <host>-<pid>-<random>}, unique per dispatcher instance. */
final class OwnerIds {
    private OwnerIds() {
    }

    static String generate() {
        String random = UUID.randomUUID().toString().substring(0, 8);
        return host() + "-" + ProcessHandle.current().pid() + "-" + random;
    }

    private static String host() {
        // From the environment rather than a DNS lookup, which can stall for seconds.
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            host = System.getenv("COMPUTERNAME");
        }
        if (host == null || host.isBlank()) {
            host = "host";
        }
        return host.length() > 60 ? host.substring(0, 60) : host;
    }
}
