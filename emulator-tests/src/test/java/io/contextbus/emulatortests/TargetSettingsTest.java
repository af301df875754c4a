package io.contextbus.emulatortests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TargetSettingsTest {
    @Test
    void local_is_the_default() {
        TargetSettings s = TargetSettings.from(Map.of());
        assertEquals(TargetSettings.Kind.LOCAL, s.kind());
        assertEquals("contextbus", s.cosmosDatabase());
    }

    @Test
    void azure_with_a_namespace_and_an_account_without_key() {
        TargetSettings s = TargetSettings.from(Map.of("CONTEXTBUS_TARGET", "azure",
                "CONTEXTBUS_SERVICEBUS_NAMESPACE", "sb-x.servicebus.windows.net",
                "CONTEXTBUS_COSMOS_ENDPOINT", "https://acct.documents.azure.com:443/",
                "CONTEXTBUS_COSMOS_DATABASE", "cb-tests"));
        assertEquals(TargetSettings.Kind.AZURE, s.kind());
        assertEquals(Optional.of("sb-x.servicebus.windows.net"), s.namespace());
        assertEquals(Optional.empty(), s.cosmosKey());
        assertEquals("cb-tests", s.cosmosDatabase());
    }

    @Test
    void both_service_bus_variables_is_an_error_naming_both() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TargetSettings.from(Map.of(
                "CONTEXTBUS_SERVICEBUS_NAMESPACE", "sb-x.servicebus.windows.net",
                "CONTEXTBUS_SERVICEBUS_CONNECTION_STRING", "Endpoint=sb://x/;SharedAccessKeyName=k;SharedAccessKey=v")));
        assertEquals("Both CONTEXTBUS_SERVICEBUS_NAMESPACE and CONTEXTBUS_SERVICEBUS_CONNECTION_STRING are set; "
                + "set exactly one of them.", e.getMessage());
    }

    @Test
    void azure_without_service_bus_or_cosmos_is_an_error_naming_the_variable() {
        assertEquals("CONTEXTBUS_TARGET=azure needs CONTEXTBUS_SERVICEBUS_NAMESPACE (Entra ID) or "
                + "CONTEXTBUS_SERVICEBUS_CONNECTION_STRING.", assertThrows(IllegalArgumentException.class,
                () -> TargetSettings.from(Map.of("CONTEXTBUS_TARGET", "azure"))).getMessage());
        assertEquals("CONTEXTBUS_TARGET=azure needs CONTEXTBUS_COSMOS_ENDPOINT.", assertThrows(
                IllegalArgumentException.class, () -> TargetSettings.from(Map.of("CONTEXTBUS_TARGET", "AZURE",
                        "CONTEXTBUS_SERVICEBUS_NAMESPACE", "sb-x.servicebus.windows.net"))).getMessage());
    }

    @Test
    void an_unknown_target_is_an_error() {
        assertEquals("'CONTEXTBUS_TARGET' must be local, emulators or azure but was 'docker'.", assertThrows(
                IllegalArgumentException.class, () -> TargetSettings.from(Map.of("CONTEXTBUS_TARGET", "docker")))
                .getMessage());
    }
}
