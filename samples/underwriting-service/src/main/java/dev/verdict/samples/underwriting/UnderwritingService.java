package dev.verdict.samples.underwriting;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * A credit underwriting decision service on Verdict: {@code POST /v1/decisions} reads the
 * applicant's history from the feature cache, adds the request's own fields, scores the champion
 * and challenger models and applies the decision policy, all through a
 * {@link dev.verdict.decision.Decider}; the Open Inference Protocol endpoints ({@code /v2/...})
 * let standard clients call the models directly. Model files dropped into the model directory go
 * live without a restart. Start it with {@code samples/underwriting-service/run.sh}.
 */
@SpringBootApplication(proxyBeanMethods = false)
@ConfigurationPropertiesScan
public class UnderwritingService {
    /**
     * Starts the service.
     *
     * @param args Spring Boot arguments, e.g. {@code --server.port=8080}
     */
    public static void main(String[] args) {
        SpringApplication.run(UnderwritingService.class, args);
    }
}
