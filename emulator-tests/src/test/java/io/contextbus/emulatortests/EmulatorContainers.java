package io.contextbus.emulatortests;

import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.messaging.servicebus.administration.ServiceBusAdministrationClient;
import com.azure.messaging.servicebus.administration.ServiceBusAdministrationClientBuilder;
import io.contextbus.topology.EmulatorConfig;
import java.net.MalformedURLException;
import java.net.URL;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.azure.ServiceBusEmulatorContainer;
import org.testcontainers.containers.CosmosDBEmulatorContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.mssqlserver.MSSQLServerContainer;
import org.testcontainers.utility.DockerImageName;
import reactor.core.publisher.Mono;

/**
 * The {@code emulators} target: the official Service Bus emulator with the SQL Server container it
 * needs (on one Docker network), its Config.json generated from the suite's topology, and the
 * Cosmos DB Linux emulator, all through Testcontainers. AMQP on 5672, management (the
 * administration client's endpoint) on 5300.
 */
final class EmulatorContainers implements AutoCloseable {
    static final String SERVICE_BUS_IMAGE = "mcr.microsoft.com/azure-messaging/servicebus-emulator:latest";
    static final String SQL_IMAGE = "mcr.microsoft.com/mssql/server:2022-CU14-ubuntu-22.04";
    static final String COSMOS_IMAGE = "mcr.microsoft.com/cosmosdb/linux/azure-cosmos-emulator:latest";
    static final int MANAGEMENT_PORT = 5300;
    /** The emulator's fixed, documented development key (not a secret). */
    private static final String EMULATOR_SAS = "SharedAccessKeyName=RootManageSharedAccessKey;"
            + "SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;";

    private final Network network;
    private final MSSQLServerContainer sql;
    private final ServiceBusEmulatorContainer serviceBus;
    private final CosmosDBEmulatorContainer cosmos;

    private EmulatorContainers(Network network, MSSQLServerContainer sql, ServiceBusEmulatorContainer serviceBus,
                               CosmosDBEmulatorContainer cosmos) {
        this.network = network;
        this.sql = sql;
        this.serviceBus = serviceBus;
        this.cosmos = cosmos;
    }

    /** Why the emulators cannot run here, or null when Docker answers. */
    static String unavailableReason() {
        try {
            return DockerClientFactory.instance().isDockerAvailable() ? null : "no Docker environment was found";
        } catch (RuntimeException | LinkageError e) {
            return "Docker could not be reached (" + e.getMessage() + ")";
        }
    }

    @SuppressWarnings("resource")
    static EmulatorContainers start(EmulatorConfig config) {
        Network network = Network.newNetwork();
        MSSQLServerContainer sql = new MSSQLServerContainer(DockerImageName.parse(SQL_IMAGE)).acceptLicense()
                .withNetwork(network);
        ServiceBusEmulatorContainer serviceBus = new ServiceBusEmulatorContainer(SERVICE_BUS_IMAGE).acceptLicense()
                .withConfig(Transferable.of(config.json())).withMsSqlServerContainer(sql).withNetwork(network);
        serviceBus.addExposedPort(MANAGEMENT_PORT);
        CosmosDBEmulatorContainer cosmos = new CosmosDBEmulatorContainer(DockerImageName.parse(COSMOS_IMAGE));
        EmulatorContainers containers = new EmulatorContainers(network, sql, serviceBus, cosmos);
        try {
            sql.start();
            serviceBus.start();
            cosmos.start();
            return containers;
        } catch (RuntimeException e) {
            containers.close();
            throw e;
        }
    }

    /** AMQP connection string of the emulator (no TLS, the development key), as Testcontainers gives it. */
    String serviceBusConnectionString() {
        return serviceBus.getConnectionString();
    }

    /**
     * An administration client on the emulator's management port. The emulator serves the
     * management API over plain HTTP on 5300, while the Java client always builds {@code https}
     * URLs from a connection string, so a pipeline policy rewrites each request to
     * {@code http://<host>:<mapped 5300>} (the emulator installer's Java sample does the same).
     */
    ServiceBusAdministrationClient administrationClient() {
        String host = serviceBus.getHost();
        int port = serviceBus.getMappedPort(MANAGEMENT_PORT);
        HttpPipelinePolicy plainHttp = (context, next) -> {
            try {
                URL url = context.getHttpRequest().getUrl();
                context.getHttpRequest().setUrl(new URL("http", host, port, url.getFile()));
            } catch (MalformedURLException e) {
                return Mono.error(e);
            }
            return next.process();
        };
        return new ServiceBusAdministrationClientBuilder()
                .connectionString("Endpoint=sb://" + host + ":" + port + ";" + EMULATOR_SAS)
                .addPolicy(plainHttp).buildClient();
    }

    String cosmosEndpoint() {
        return cosmos.getEmulatorEndpoint();
    }

    String cosmosKey() {
        return cosmos.getEmulatorKey();
    }

    @Override
    public void close() {
        cosmos.stop();
        serviceBus.stop();
        sql.stop();
        network.close();
    }
}
