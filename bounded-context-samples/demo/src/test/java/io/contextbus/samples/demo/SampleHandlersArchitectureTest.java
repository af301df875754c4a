package io.contextbus.samples.demo;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.contextbus.samples.runtime.ContextService;
import io.contextbus.serialization.EventCodec;
import io.contextbus.serialization.EventTypeRegistry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The samples are the reference for users: their handlers, read models and work queues are written
 * against core's consumer contract ({@code io.contextbus.handler}) and know nothing of Service Bus.
 * The one class that wires a context to the bus, {@link ContextService}, is named here as the only
 * sample class of the three contexts and their runtime that uses the Service Bus module. Their
 * events are written and read by core's {@code EventCodec}, never by hand-made JSON.
 */
class SampleHandlersArchitectureTest {
    private static final String[] CONTEXTS_AND_RUNTIME = {
            "io.contextbus.samples.ordering..", "io.contextbus.samples.inventory..",
            "io.contextbus.samples.shipping..", "io.contextbus.samples.runtime.."};
    private static final JavaClasses SAMPLES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.contextbus.samples");

    @Test
    @DisplayName("the samples' handlers are written against core's consumer contract")
    void handlers_use_the_contract_of_core() {
        classes().that().haveSimpleNameEndingWith("Handlers").and().resideInAnyPackage(CONTEXTS_AND_RUNTIME)
                .should().dependOnClassesThat().resideInAPackage("io.contextbus.handler..")
                .check(SAMPLES);
    }

    @Test
    @DisplayName("the samples' events and handlers go through core's typed path (EventTypeRegistry, EventCodec)")
    void events_and_handlers_use_the_event_codec() {
        classes().that().haveSimpleNameEndingWith("Handlers").or().haveSimpleNameEndingWith("Events")
                .and().resideInAnyPackage("io.contextbus.samples.ordering.service..",
                        "io.contextbus.samples.inventory.service..", "io.contextbus.samples.shipping.service..")
                .should().dependOnClassesThat().belongToAnyOf(EventCodec.class, EventTypeRegistry.class)
                .because("the samples are what users copy: events are registered types, not hand-made JSON")
                .check(SAMPLES);
    }

    /** Package-private in samples-runtime: named, not referenced (they have no nested classes). */
    private static final String HOLDS_API = "io.contextbus.samples.runtime.HoldsApi";
    private static final String DEAD_LETTERS_API = "io.contextbus.samples.runtime.DeadLettersApi";

    @Test
    @DisplayName("no class of the contexts or their runtime but the wiring (ContextService, and HoldsApi and"
            + " DeadLettersApi: the bus's operator operations over HTTP) uses the Service Bus module or SDK")
    void only_the_wiring_knows_service_bus() {
        noClasses().that().resideInAnyPackage(CONTEXTS_AND_RUNTIME)
                .and(not(belongToAnyOf(ContextService.class))).and(not(name(HOLDS_API))).and(not(name(DEAD_LETTERS_API)))
                .should().dependOnClassesThat().resideInAPackage("io.contextbus.servicebus..")
                .orShould().dependOnClassesThat().resideInAPackage("com.azure.messaging..")
                .because("handler code compiles against core alone; only the wiring picks the transport")
                .check(SAMPLES);
    }
}
