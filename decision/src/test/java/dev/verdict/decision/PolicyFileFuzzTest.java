package dev.verdict.decision;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.verdict.core.ModelRegistry;
import java.nio.charset.StandardCharsets;

/**
 * Jazzer fuzz test of the policy file reader: whatever the text, {@link DecisionPolicy#fromJson}
 * returns a policy or throws a {@link PolicyException}, and a policy that reads binds (against the
 * test registry) or throws a {@link PolicyException}, never anything else. A plain {@code mvn test}
 * replays the seeds in {@code src/test/resources/dev/verdict/decision/PolicyFileFuzzTestInputs/};
 * {@code JAZZER_FUZZ=1 ./mvnw -pl decision -am test -Dtest=PolicyFileFuzzTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Djazzer.max_duration=2m} fuzzes.
 */
class PolicyFileFuzzTest {

    @FuzzTest(maxDuration = "2m")
    @DictionaryFile(resourcePath = "fuzz-dict/policy.dict")
    void policyFile(byte[] data) {
        DecisionPolicy policy;
        try {
            policy = DecisionPolicy.fromJson(new String(data, StandardCharsets.UTF_8), "fuzz.json");
        } catch (PolicyException expected) {
            return;
        }
        try (ModelRegistry registry = DecisionPolicyTest.registry()) {
            Decider decider = Decider.builder(policy, registry).build();
            decider.begin().set(0, 30).set(1, 0).set(2, 0.2).set(3, 0.4);
            decider.decide();
        } catch (PolicyException expected) {
            // a name that does not resolve
        } catch (dev.verdict.core.UnknownModelException e) {
            throw new AssertionError("an unknown model must be a PolicyException naming the rule", e);
        }
    }
}
