package io.contextbus.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.domain.JavaTypeVariable;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.net.URL;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rule behind the {@code implementation} packages (the Azure SDK's convention): what a user
 * compiles against never mentions a type of an {@code implementation} package, so those types can
 * change in any release. A public signature is, for every class outside an {@code implementation}
 * package that code of other packages can see (public, or a public/protected member class of such
 * a class): its supertypes and type parameter bounds, and the parameter, return, throws and type
 * parameter types of its public and protected constructors and methods, and the types of its
 * public and protected fields, generic type arguments included. Code inside method bodies may use
 * implementation types freely.
 *
 * <p>Apply it in a module's tests with one line: {@code ImplementationRules.checkModuleOf(AnyMainClass.class);}
 */
public final class ImplementationRules {
    /** Packages named so, at any depth, hold what is not public API. */
    public static final String IMPLEMENTATION_PACKAGES = "..implementation..";

    /** The rule, to check on classes imported by the caller. */
    public static final ArchRule NO_PUBLIC_SIGNATURE_MENTIONS_AN_IMPLEMENTATION_TYPE = classes()
            .that(areVisibleOutsideTheirPackage())
            .and().resideOutsideOfPackage(IMPLEMENTATION_PACKAGES)
            .should(notMentionImplementationTypesInTheirPublicSignatures())
            .because("implementation packages are not public API: a user who compiles against a public "
                    + "signature would depend on them")
            .allowEmptyShould(true);

    private ImplementationRules() {
    }

    /**
     * Checks the main classes of the module (classes directory or jar) that holds
     * {@code anyMainClass}, and only those.
     *
     * @throws AssertionError naming every offending signature
     */
    public static void checkModuleOf(Class<?> anyMainClass) {
        if (anyMainClass == null) {
            throw new IllegalArgumentException("'anyMainClass' cannot be null.");
        }
        URL location = anyMainClass.getProtectionDomain().getCodeSource().getLocation();
        JavaClasses module = new ClassFileImporter().importUrl(location);
        if (!module.contain(anyMainClass)) {
            throw new IllegalStateException("'anyMainClass' " + anyMainClass.getName() + " was not found in " + location + ".");
        }
        NO_PUBLIC_SIGNATURE_MENTIONS_AN_IMPLEMENTATION_TYPE.check(module);
    }

    private static DescribedPredicate<JavaClass> areVisibleOutsideTheirPackage() {
        return DescribedPredicate.describe("are visible outside their package", ImplementationRules::visible);
    }

    private static boolean visible(JavaClass c) {
        if (c.isAnonymousClass() || c.isLocalClass()) {
            return false;
        }
        Set<JavaModifier> m = c.getModifiers();
        boolean open = m.contains(JavaModifier.PUBLIC) || (c.getEnclosingClass().isPresent() && m.contains(JavaModifier.PROTECTED));
        return open && c.getEnclosingClass().map(ImplementationRules::visible).orElse(true);
    }

    private static ArchCondition<JavaClass> notMentionImplementationTypesInTheirPublicSignatures() {
        return new ArchCondition<>("not mention a type of an implementation package in their public signatures") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                c.getSuperclass().ifPresent(t -> report(c, "extends", List.of(t), events));
                report(c, "implements", c.getInterfaces(), events);
                report(c, "declares type parameter", bounds(c.getTypeParameters()), events);
                for (JavaField f : c.getFields()) {
                    if (exposed(f.getModifiers())) {
                        report(c, "field " + f.getName() + " has type", List.of(f.getType()), events);
                    }
                }
                for (JavaCodeUnit u : c.getCodeUnits()) {
                    if (exposed(u.getModifiers())) {
                        String what = (u.isConstructor() ? "constructor" : "method " + u.getName()) + " ";
                        report(c, what + "returns", List.of(u.getReturnType()), events);
                        report(c, what + "takes", u.getParameterTypes(), events);
                        report(c, what + "throws", u.getThrowsClause().getTypes(), events);
                        report(c, what + "declares type parameter", bounds(u.getTypeParameters()), events);
                    }
                }
            }
        };
    }

    private static boolean exposed(Set<JavaModifier> m) {
        return (m.contains(JavaModifier.PUBLIC) || m.contains(JavaModifier.PROTECTED))
                && !m.contains(JavaModifier.SYNTHETIC) && !m.contains(JavaModifier.BRIDGE);
    }

    private static List<JavaType> bounds(List<? extends JavaTypeVariable<?>> variables) {
        return variables.stream().flatMap(v -> v.getUpperBounds().stream()).toList();
    }

    private static void report(JavaClass owner, String what, Collection<? extends JavaType> types, ConditionEvents events) {
        Set<String> offending = new TreeSet<>();
        for (JavaType t : types) {
            for (JavaClass raw : t.getAllInvolvedRawTypes()) {
                if (inImplementationPackage(raw)) {
                    offending.add(raw.getName());
                }
            }
        }
        for (String name : offending) {
            events.add(SimpleConditionEvent.violated(owner, owner.getName() + " " + what + " " + name
                    + ", a type of an implementation package"));
        }
    }

    private static boolean inImplementationPackage(JavaClass c) {
        String pkg = c.getPackageName();
        return pkg.endsWith(".implementation") || pkg.contains(".implementation.") || pkg.equals("implementation");
    }
}
