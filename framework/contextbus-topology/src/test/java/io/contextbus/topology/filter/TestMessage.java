package io.contextbus.topology.filter;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/** A message for filter tests: system and application properties set fluently. */
final class TestMessage implements FilterContext {
    private final Map<SystemProperty, Object> system = new EnumMap<>(SystemProperty.class);
    private final Map<String, Object> application = new HashMap<>();

    static TestMessage message() {
        return new TestMessage();
    }

    TestMessage sys(SystemProperty property, Object value) {
        system.put(property, value);
        return this;
    }

    TestMessage with(String name, Object value) {
        application.put(name, value);
        return this;
    }

    @Override
    public Object systemProperty(SystemProperty property) {
        return FilterContext.of(system, application).systemProperty(property);
    }

    @Override
    public Object applicationProperty(String name) {
        return FilterContext.of(system, application).applicationProperty(name);
    }

    @Override
    public boolean hasApplicationProperty(String name) {
        return FilterContext.of(system, application).hasApplicationProperty(name);
    }
}
