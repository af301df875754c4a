package io.contextbus.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import io.contextbus.architecture.fixture.Signatures;
import io.contextbus.architecture.fixture.implementation.Hidden;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImplementationRulesTest {

    private static EvaluationResult evaluate(Class<?>... classes) {
        JavaClasses imported = new ClassFileImporter().importClasses(classes);
        return ImplementationRules.NO_PUBLIC_SIGNATURE_MENTIONS_AN_IMPLEMENTATION_TYPE.evaluate(imported);
    }

    @Test
    void each_way_a_public_signature_can_mention_an_implementation_type_is_reported() {
        EvaluationResult result = evaluate(Hidden.class, Signatures.Returns.class,
                Signatures.TakesAGenericArgument.class, Signatures.Extends.class, Signatures.Implements.class,
                Signatures.ExposesAField.class, Signatures.ProtectedConstructor.class);

        List<String> details = result.getFailureReport().getDetails();
        String hidden = Hidden.class.getName();
        String at = Signatures.class.getName() + "$";
        for (String expected : List.of(
                at + "Returns method hidden returns " + hidden,
                at + "TakesAGenericArgument method accept takes " + hidden,
                at + "Extends extends " + hidden,
                at + "Implements implements " + hidden,
                at + "Implements method get returns " + hidden,
                at + "ExposesAField field hidden has type " + hidden,
                at + "ProtectedConstructor constructor takes " + hidden)) {
            assertTrue(details.stream().anyMatch(d -> d.contains(expected)), expected + " not in " + details);
        }
        assertEquals(7, details.size(), details.toString());
    }

    @Test
    void implementation_types_in_bodies_private_and_package_private_members_and_hidden_classes_are_fine() {
        EvaluationResult result = evaluate(Hidden.class, Signatures.Clean.class,
                classNamed(Signatures.class.getName() + "$PackagePrivate"));

        assertFalse(result.hasViolation(), result.getFailureReport().toString());
    }

    @Test
    void a_class_inside_an_implementation_package_may_mention_others() {
        assertFalse(evaluate(Hidden.class).hasViolation());
    }

    @Test
    void checking_a_module_reads_the_classes_directory_of_the_class_given() {
        // this module's main classes: the rule itself, which mentions no implementation type
        ImplementationRules.checkModuleOf(ImplementationRules.class);
        assertThrows(IllegalArgumentException.class, () -> ImplementationRules.checkModuleOf(null));
    }

    private static Class<?> classNamed(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
