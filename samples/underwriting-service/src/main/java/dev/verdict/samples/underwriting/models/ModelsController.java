package dev.verdict.samples.underwriting.models;

import dev.verdict.samples.underwriting.web.ApiException;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/models}: the model watcher's state: for each model, the version serving now
 * (its file, format, trees), how many files were published and rejected, and the last rejection
 * with its reason.
 */
@RestController
public final class ModelsController {
    private final ModelDirectoryWatcher watcher;

    /**
     * @param watcher the model watcher
     */
    public ModelsController(ModelDirectoryWatcher watcher) {
        this.watcher = watcher;
    }

    /**
     * The watched directory and every model's state.
     *
     * @param directory the model directory
     * @param pollIntervalMillis how often it is listed
     * @param models each model, in policy order
     */
    public record Models(String directory, long pollIntervalMillis, List<ModelStatus> models) {
    }

    /** {@return the watcher's state} */
    @GetMapping(path = "/v1/models", produces = MediaType.APPLICATION_JSON_VALUE)
    public Models models() {
        return new Models(watcher.directory().toString(), watcher.pollInterval().toMillis(),
                watcher.status());
    }

    /**
     * {@return one model's state}
     *
     * @param name a model name
     */
    @GetMapping(path = "/v1/models/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ModelStatus model(@PathVariable String name) {
        ModelStatus status = watcher.status(name);
        if (status == null) {
            throw ApiException.notServed("unknown_model", "no model '" + name + "'; the service"
                    + " serves " + watcher.names());
        }
        return status;
    }
}
