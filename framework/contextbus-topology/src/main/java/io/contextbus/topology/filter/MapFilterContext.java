package io.contextbus.topology.filter;

import java.util.Map;
import java.util.Objects;

/** {@link FilterContext} over maps; case-insensitive names cost a scan only when the exact name misses. */
final class MapFilterContext implements FilterContext {
    private final Map<SystemProperty, ?> system;
    private final Map<String, ?> application;

    MapFilterContext(Map<SystemProperty, ?> system, Map<String, ?> application) {
        this.system = Objects.requireNonNull(system, "'system' cannot be null.");
        this.application = Objects.requireNonNull(application, "'application' cannot be null.");
    }

    @Override
    public Object systemProperty(SystemProperty property) {
        return system.get(property);
    }

    @Override
    public Object applicationProperty(String name) {
        Object exact = application.get(name);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, ?> e : application.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    @Override
    public boolean hasApplicationProperty(String name) {
        if (application.containsKey(name)) {
            return true;
        }
        return application.keySet().stream().anyMatch(k -> k.equalsIgnoreCase(name));
    }
}
