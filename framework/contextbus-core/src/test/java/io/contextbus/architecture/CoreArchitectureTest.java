package io.contextbus.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.contextbus.handler.Handlers;
import io.contextbus.inbox.Inbox;
import io.contextbus.model.Commit;
import org.junit.jupiter.api.Test;

/**
 * Core is the API module: ports, the commit model and the consumer contract, with no Azure
 * dependency (STYLE: "an API module with no Azure dependency"), and what is not API lives in
 * {@code io.contextbus.implementation}, which no public signature mentions (ADR 0024). These rules
 * read core's compiled main classes; a class that breaks one fails the build with the offending
 * dependency named.
 */
class CoreArchitectureTest {
    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.contextbus");

    @Test
    void the_rules_read_core_itself() {
        assertTrue(CORE.contain(Handlers.class) && CORE.contain(Inbox.class), "core's classes were not imported");
    }

    @Test
    void no_class_of_core_depends_on_an_azure_package() {
        noClasses().should().dependOnClassesThat().resideInAPackage("com.azure..")
                .because("core is the API module; Azure lives in the adapter modules")
                .check(CORE);
    }

    @Test
    void the_consumer_contract_depends_on_core_the_jdk_and_slf4j_only() {
        classes().that().resideInAPackage("io.contextbus.handler..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(
                        "io.contextbus.handler..", "io.contextbus.error..", "io.contextbus.model..",
                        "io.contextbus.serialization..", "io.contextbus.inbox..", "java..", "org.slf4j..")
                .because("handler code compiles against core alone, whatever the transport")
                .check(CORE);
    }

    @Test
    void no_public_signature_mentions_an_implementation_type() {
        ImplementationRules.checkModuleOf(Commit.class);
    }
}
