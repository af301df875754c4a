package io.contextbus.samples.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContextServiceTest {

    @Test
    void a_missing_topology_file_is_named_before_anything_connects(@TempDir Path dir) throws Exception {
        ServiceSettings settings = ServiceSettings.parse("ordering", new String[0], Map.of(
                "CONTEXTBUS_DATA_DIR", dir.toString(),
                "CONTEXTBUS_SERVICEBUS_CONNECTION_STRING", "Endpoint=sb://localhost:1;SharedAccessKeyName=a;SharedAccessKey=b",
                "CONTEXTBUS_TOPOLOGY", dir.resolve("missing.json").toString()));
        try (ContextService<Connection> service = ContextService.onSqlite(settings)) {
            SettingException e = assertThrows(SettingException.class, service::start);
            assertEquals("CONTEXTBUS_TOPOLOGY", e.setting());
        }
    }
}
