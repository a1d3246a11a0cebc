package dev.verdict.samples.underwriting.inference;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.verdict.core.FeatureSchema;
import dev.verdict.core.Model;
import dev.verdict.core.ModelHandle;
import dev.verdict.core.ModelRegistry;
import dev.verdict.core.ModelVersion;
import dev.verdict.core.OutputSpec;
import dev.verdict.core.ScoreBatch;
import dev.verdict.core.ScoringSession;
import dev.verdict.samples.underwriting.HandOffPool;
import dev.verdict.samples.underwriting.RequestFields;
import dev.verdict.samples.underwriting.ServiceProperties;
import dev.verdict.samples.underwriting.models.ModelDirectoryWatcher;
import dev.verdict.samples.underwriting.web.ApiException;
import dev.verdict.samples.underwriting.web.JsonBodies;
import dev.verdict.samples.underwriting.web.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Open Inference Protocol (KServe V2) REST endpoints, so that Triton's and KServe's clients,
 * and load tools that speak the protocol, can call the models: health, server and model metadata,
 * model readiness, and inference. Inference scores the models on the features sent, without the
 * feature cache or the policy (that is {@code /v1/decisions}); see {@link InferenceRequest} for
 * the two input layouts. A batch is scored by one model version; outputs are FP64 tensors of
 * shape {@code [batch, 1]}, one per score and margin ({@code probability}, {@code margin}).
 *
 * <p>Versions are the registry's version numbers; only the serving version is served, and a
 * request naming another gets a 404. Health answers 200 for true and 400 for false, as the
 * protocol asks.
 */
@RestController
@RequestMapping(path = "/v2", produces = MediaType.APPLICATION_JSON_VALUE)
public final class InferenceController {
    private final ModelRegistry registry;
    private final ModelDirectoryWatcher watcher;
    private final JsonBodies bodies;
    private final FeatureSchema requestSchema;
    private final HandOffPool<ScoringSession> sessions;
    private final DataSize maxBody;
    private final int maxBatch;

    /**
     * @param properties the settings
     * @param registry the models
     * @param watcher the watcher, which knows which models are served
     * @param bodies the body reader
     * @param fields the request schema the models are registered with
     */
    public InferenceController(ServiceProperties properties, ModelRegistry registry,
            ModelDirectoryWatcher watcher, JsonBodies bodies, RequestFields fields) {
        this.registry = registry;
        this.watcher = watcher;
        this.bodies = bodies;
        this.requestSchema = fields.schema();
        this.maxBody = properties.inference().maxBody();
        this.maxBatch = properties.inference().maxBatch();
        this.sessions = new HandOffPool<>(properties.request().deciderPool(), 0,
                registry::newSession, ScoringSession::release);
    }

    /**
     * Server metadata.
     *
     * @param name the server's name
     * @param version its version
     * @param extensions protocol extensions supported
     */
    public record ServerMetadata(String name, String version, List<String> extensions) {
    }

    /**
     * A tensor's description.
     *
     * @param name its name
     * @param datatype its element type
     * @param shape its shape; -1 for the batch dimension
     */
    public record TensorMetadata(String name, String datatype, List<Long> shape) {
    }

    /**
     * Model metadata.
     *
     * @param name the model
     * @param versions the versions served (the serving one)
     * @param platform the model's format, as {@code verdict-FORMAT}
     * @param inputs the single-tensor input layout
     * @param outputs one FP64 tensor per score and margin
     * @param parameters {@code feature_names}: the tensor's columns, in order
     */
    public record ModelMetadata(String name, List<String> versions, String platform,
            List<TensorMetadata> inputs, List<TensorMetadata> outputs, Map<String, Object> parameters) {
    }

    /**
     * One output tensor.
     *
     * @param name its name
     * @param datatype FP64
     * @param shape {@code [batch, 1]}
     * @param data the values, row by row
     */
    public record OutputTensor(String name, String datatype, List<Long> shape, double[] data) {
    }

    /**
     * An inference response.
     *
     * @param modelName the model
     * @param modelVersion the version that scored every row
     * @param id the request's {@code id}, or the service's request id
     * @param outputs the outputs
     */
    public record InferenceResponse(@JsonProperty("model_name") String modelName,
            @JsonProperty("model_version") String modelVersion,
            @JsonInclude(JsonInclude.Include.NON_NULL) String id, List<OutputTensor> outputs) {
    }

    /** {@return the server's name and version} */
    @GetMapping
    public ServerMetadata server() {
        String version = InferenceController.class.getPackage().getImplementationVersion();
        return new ServerMetadata("verdict-underwriting-service",
                version == null ? "development" : version, List.of());
    }

    /** {@return 200: the server answers} */
    @GetMapping("/health/live")
    public Map<String, Boolean> live() {
        return Map.of("live", true);
    }

    /** {@return 200 when every model has a serving version, else 400} */
    @GetMapping("/health/ready")
    public ResponseEntity<Map<String, Boolean>> ready() {
        boolean ready = watcher.names().stream().allMatch(n -> registry.handle(n).isPublished());
        return ResponseEntity.status(ready ? HttpStatus.OK : HttpStatus.BAD_REQUEST)
                .body(Map.of("ready", ready));
    }

    /**
     * {@return a model's metadata}
     *
     * @param name the model
     * @param version a version, or null for the serving one
     */
    @GetMapping({"/models/{name}", "/models/{name}/versions/{version}"})
    public ModelMetadata metadata(@PathVariable String name,
            @PathVariable(required = false) String version) {
        ModelVersion v = served(name, version);
        Model model = v.model();
        List<String> features = model.inputSchema().features().stream().map(f -> f.name()).toList();
        List<TensorMetadata> outputs = new ArrayList<>();
        OutputSpec spec = model.outputs();
        for (String s : spec.scoreNames()) {
            outputs.add(new TensorMetadata(s, "FP64", List.of(-1L, 1L)));
        }
        for (String m : spec.marginNames()) {
            outputs.add(new TensorMetadata(m, "FP64", List.of(-1L, 1L)));
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("feature_names", features);
        parameters.put("file", watcher.fileOf(name, v.version()));
        return new ModelMetadata(name, List.of(Long.toString(v.version())),
                "verdict-" + model.info().format(),
                List.of(new TensorMetadata("features", "FP32", List.of(-1L, (long) features.size()))),
                outputs, parameters);
    }

    /**
     * {@return 200 when the model (version) is served, else 400}
     *
     * @param name the model
     * @param version a version, or null for the serving one
     */
    @GetMapping({"/models/{name}/ready", "/models/{name}/versions/{version}/ready"})
    public ResponseEntity<Map<String, Object>> modelReady(@PathVariable String name,
            @PathVariable(required = false) String version) {
        handle(name);
        boolean ready;
        try {
            served(name, version);
            ready = true;
        } catch (ApiException | dev.verdict.core.ModelNotPublishedException e) {
            ready = false;
        }
        return ResponseEntity.status(ready ? HttpStatus.OK : HttpStatus.BAD_REQUEST)
                .body(Map.of("name", name, "ready", ready));
    }

    /**
     * Scores a batch.
     *
     * @param name the model
     * @param version a version, or null for the serving one
     * @param request the HTTP request, whose body is read here (with its size limit)
     * @return the outputs
     */
    @PostMapping(path = {"/models/{name}/infer", "/models/{name}/versions/{version}/infer"},
            consumes = MediaType.APPLICATION_JSON_VALUE)
    public InferenceResponse infer(@PathVariable String name,
            @PathVariable(required = false) String version, HttpServletRequest request) {
        tools.jackson.databind.JsonNode body = bodies.read(request, maxBody);
        ModelHandle handle = handle(name);
        // The columns are laid out for one version's features; should a new version go live
        // between the layout and the score, lay them out again for it.
        for (int attempt = 0; ; attempt++) {
            ModelVersion v = served(name, version);
            InferenceRequest parsed = InferenceRequest.parse(body, v.model(), requestSchema, maxBatch);
            ScoreBatch out = new ScoreBatch(v.model().outputs(), parsed.rows);
            ScoringSession session = sessions.take();
            try {
                session.scoreBatch(handle, parsed.batch, out);
            } finally {
                sessions.giveBack(session);
            }
            if (out.modelVersion() != v.version()) {
                if (attempt < 3) {
                    continue;
                }
                throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "model_swapping",
                        "model '" + name + "' changed version during the request three times; retry");
            }
            return new InferenceResponse(name, Long.toString(out.modelVersion()),
                    parsed.id != null ? parsed.id : RequestIds.of(request),
                    outputs(parsed, v.model().outputs(), out));
        }
    }

    private static List<OutputTensor> outputs(InferenceRequest parsed, OutputSpec spec, ScoreBatch out) {
        List<OutputTensor> tensors = new ArrayList<>(parsed.outputs.size());
        for (String name : parsed.outputs) {
            int score = spec.scoreNames().indexOf(name);
            int margin = spec.marginNames().indexOf(name);
            double[] data = new double[parsed.rows];
            for (int r = 0; r < data.length; r++) {
                data[r] = score >= 0 ? out.score(r, score) : out.margin(r, margin);
            }
            tensors.add(new OutputTensor(name, "FP64", List.of((long) parsed.rows, 1L), data));
        }
        return tensors;
    }

    private ModelHandle handle(String name) {
        if (!watcher.names().contains(name)) {
            throw ApiException.notServed("unknown_model", "no model '" + name + "'; the service"
                    + " serves " + watcher.names());
        }
        return registry.handle(name);
    }

    private ModelVersion served(String name, String version) {
        ModelVersion current = handle(name).current();
        if (version != null && !version.equals(Long.toString(current.version()))) {
            throw ApiException.notServed("model_version_not_served", "model '" + name + "' version "
                    + version + " is not served; the serving version is " + current.version());
        }
        return current;
    }
}
