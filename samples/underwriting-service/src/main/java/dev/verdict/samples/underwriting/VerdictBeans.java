package dev.verdict.samples.underwriting;

import dev.verdict.cache.FeatureGroup;
import dev.verdict.cache.FeatureStore;
import dev.verdict.cache.GroupFeature;
import dev.verdict.cache.ReadOptions;
import dev.verdict.core.Feature;
import dev.verdict.core.FeatureSchema;
import dev.verdict.core.ModelRegistry;
import dev.verdict.decision.DecisionPolicy;
import dev.verdict.samples.underwriting.batch.ApplicantLoad;
import dev.verdict.samples.underwriting.batch.DemoModels;
import dev.verdict.samples.underwriting.models.ModelDirectoryWatcher;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;

/**
 * Verdict's parts as Spring beans, built from {@link ServiceProperties}: the policy, the request
 * schema, the feature store, the registry and its model watcher. Spring only wires them; nothing
 * in Verdict knows about Spring.
 */
@Configuration(proxyBeanMethods = false)
public class VerdictBeans {
    private static final Logger LOG = LoggerFactory.getLogger(VerdictBeans.class);

    /**
     * {@return settings' paths as the file system reads them} Spring's own conversion treats a
     * relative path as a class-path resource and rejects {@code ../}.
     */
    @Bean
    @ConfigurationPropertiesBinding
    public static Converter<String, Path> pathsAsFiles() {
        return Path::of;
    }

    /**
     * {@return the decision policy, read from its file}
     *
     * @param properties the settings
     */
    @Bean
    public DecisionPolicy decisionPolicy(ServiceProperties properties) {
        DecisionPolicy policy = DecisionPolicy.read(properties.policy());
        LOG.atInfo().setMessage("decision policy read").addKeyValue("policy", policy.name())
                .addKeyValue("file", properties.policy()).addKeyValue("rules", policy.ruleIds())
                .log();
        return policy;
    }

    /**
     * {@return the feature group the applicants' history is stored in}
     *
     * @param properties the settings
     */
    @Bean
    public FeatureGroup applicantGroup(ServiceProperties properties) {
        return FeatureGroup.read(properties.cache().group());
    }

    /**
     * {@return what every model is fed: the request's own fields (required), then the features
     *     the cache holds, in the group's order}
     *
     * @param properties the settings
     * @param group the cached features
     */
    @Bean
    public RequestFields requestFields(ServiceProperties properties, FeatureGroup group) {
        List<Feature> features = new ArrayList<>();
        for (String name : properties.request().fields()) {
            if (group.find(name) >= 0) {
                throw new IllegalStateException("verdict.request.fields names '" + name + "', which"
                        + " the feature group '" + group.name() + "' also holds: a feature comes"
                        + " either from the request or from the cache");
            }
            features.add(Feature.numeric(name).asRequired());
        }
        for (GroupFeature f : group.features()) {
            features.add(switch (f.type()) {
                case CATEGORICAL -> Feature.categorical(f.name());
                case BOOLEAN -> Feature.bool(f.name());
                case FLOAT32, INT32 -> Feature.numeric(f.name());
            });
        }
        return new RequestFields(FeatureSchema.of(features), properties.request().fields(),
                group.name());
    }

    /**
     * The demo's first-start step (a real service's data comes from its pipelines): loads the UCI
     * applicants into the cache when the store lacks the group, and trains the demo models into
     * empty model folders.
     *
     * @param properties the settings
     * @param group the applicants' group
     * @param policy names the models
     * @return the step's outcome, a marker the store and the watcher wait for
     */
    @Bean
    public DemoData demoData(ServiceProperties properties, FeatureGroup group, DecisionPolicy policy) {
        if (!properties.demo().bootstrap()) {
            return new DemoData(false);
        }
        Path dataset = ServiceProperties.required(properties.demo().dataset(), "verdict.demo.dataset");
        ApplicantLoad.loadIfEmpty(properties.cache().store(), group, dataset);
        Path models = properties.models().dir();
        List<String> names = modelNames(policy);
        DemoModels.TrainingData data = null;
        for (String name : names) {
            boolean champion = name.equals(names.getFirst());
            if (isEmpty(models.resolve(name))) {
                data = data != null ? data : DemoModels.TrainingData.read(dataset);
                DemoModels.trainIfEmpty(models.resolve(name), name, data,
                        champion ? DemoModels.CHAMPION : DemoModels.CHALLENGER);
            }
        }
        return new DemoData(true);
    }

    /**
     * Whether the demo step ran.
     *
     * @param ran true when the step was enabled
     */
    public record DemoData(boolean ran) {
    }

    private static boolean isEmpty(Path folder) {
        try (var files = java.nio.file.Files.list(folder)) {
            return files.noneMatch(java.nio.file.Files::isRegularFile);
        } catch (java.nio.file.NoSuchFileException e) {
            return true;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** {@return every model a decision scores: the rules' models, then the challengers} */
    static List<String> modelNames(DecisionPolicy policy) {
        Set<String> names = new LinkedHashSet<>(policy.models());
        policy.challengers().values().forEach(names::addAll);
        return List.copyOf(names);
    }

    /**
     * {@return the feature store, opened for reading, its pages touched so that the first
     *     requests do not fault them in}
     *
     * @param properties the settings
     * @param group the applicants' group
     * @param demo the demo step, which may create the store first
     */
    @Bean(destroyMethod = "close")
    public FeatureStore featureStore(ServiceProperties properties, FeatureGroup group, DemoData demo) {
        FeatureStore store = FeatureStore.open(properties.cache().store());
        long pages = store.pretouch(group.name());
        LOG.atInfo().setMessage("feature store open").addKeyValue("store", properties.cache().store())
                .addKeyValue("group", group.name()).addKeyValue("entries", store.stats(group.name()).entries())
                .addKeyValue("pretouched", pages).log();
        return store;
    }

    /**
     * {@return how every decider reads the cache: an unknown applicant's history is missing (the
     *     policy refers such applicants), a stale record as configured}
     *
     * @param properties the settings
     */
    @Bean
    public ReadOptions readOptions(ServiceProperties properties) {
        return ReadOptions.defaults().whenNotFound(properties.cache().whenNotFound())
                .whenStale(properties.cache().whenStale());
    }

    /** {@return the registry every model version is published into} */
    @Bean(destroyMethod = "close")
    public ModelRegistry modelRegistry() {
        return new ModelRegistry();
    }

    /**
     * {@return the watcher of the model directory, with each model's newest valid file published}
     *
     * @param properties the settings
     * @param registry the registry
     * @param fields the request schema the models are registered with
     * @param policy names the models
     * @param demo the demo step, which may train the first files
     */
    @Bean(initMethod = "start", destroyMethod = "close")
    public ModelDirectoryWatcher modelDirectoryWatcher(ServiceProperties properties,
            ModelRegistry registry, RequestFields fields, DecisionPolicy policy, DemoData demo) {
        return new ModelDirectoryWatcher(properties.models().dir(), registry, fields.schema(),
                modelNames(policy), properties.models().pollInterval());
    }
}
