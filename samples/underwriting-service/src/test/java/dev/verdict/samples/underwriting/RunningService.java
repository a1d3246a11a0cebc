package dev.verdict.samples.underwriting;

import java.nio.file.Path;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The real service on a random port, shared by the test classes that extend this (Spring caches
 * the context): the real Chronicle store loaded with the UCI applicants by the first-start step,
 * real XGBoost models in a watched directory, Tomcat, the JVM flags from jvm.options.
 */
@SpringBootTest(classes = UnderwritingService.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class RunningService {
    static final Path DIR = TrainedFiles.service("shared");

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void paths(DynamicPropertyRegistry registry) {
        registry.add("verdict.models.dir", () -> DIR.resolve("models").toString());
        registry.add("verdict.cache.store", () -> DIR.resolve("store").toString());
    }

    Http http() {
        return new Http(port);
    }
}
