package io.contextbus.replay.client;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The replay client goes into every consuming application, so it brings no Azure SDK: it depends on
 * core (for the {@code GapRepair} port), Jackson and SLF4J. The exceptions, named here, are
 * {@link CosmosCatchUpJournal} and {@link CosmosReconcileJournal}: azure-cosmos is an optional
 * dependency that only applications whose store is Cosmos DB have, and only those classes touch it.
 */
class ReplayClientArchitectureTest {
    private static final JavaClasses CLIENT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.contextbus.replay");

    @Test
    void the_rules_read_the_replay_client_itself() {
        assertTrue(CLIENT.contain(ReplayGapRepair.class) && CLIENT.contain(CosmosCatchUpJournal.class),
                "the replay client's classes were not imported");
    }

    @Test
    void no_class_but_the_cosmos_journals_depends_on_an_azure_package() {
        noClasses().that(not(belongToAnyOf(CosmosCatchUpJournal.class, CosmosReconcileJournal.class)))
                .should().dependOnClassesThat().resideInAPackage("com.azure..")
                .because("the replay client must not bring the Azure SDK to every consumer")
                .check(CLIENT);
    }

    @Test
    void the_cosmos_journals_use_azure_cosmos_and_nothing_else_of_azure() {
        classes().that(belongToAnyOf(CosmosCatchUpJournal.class, CosmosReconcileJournal.class))
                .should().onlyDependOnClassesThat(resideOutsideOfPackage("com.azure..").or(resideInAPackage("com.azure.cosmos..")))
                .because("azure-cosmos is the client's one optional Azure dependency")
                .check(CLIENT);
    }

    @Test
    void nothing_depends_on_the_service_bus_module() {
        noClasses().should().dependOnClassesThat().resideInAPackage("io.contextbus.servicebus..")
                .because("GapRepair, the only thing the client took from it, is core's")
                .check(CLIENT);
    }
}
