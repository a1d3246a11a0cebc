package dev.verdict.samples.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quickstart runs end to end on the real data: what the README shows works as shown. */
class QuickstartTest {
    static final Path REPO = Path.of("../..");

    @Test
    void scoresEveryRequestAcrossAHotSwap(@TempDir Path work) throws Exception {
        TrainedModels models = TrainedModels.train(REPO.resolve("datasets/UCI_Credit_Card.csv"), work);
        Quickstart.Summary s = Quickstart.run(REPO.resolve("datasets/UCI_Credit_Card.csv"),
                Path.of("applicant.json"), work, models.version1(), models.version2(),
                models.heldOutIds());
        int perPass = models.heldOutIds().length;
        assertEquals(2L * perPass, s.requests);
        assertEquals(4, s.notFound, "two unknown applicants, asked about twice");
        assertEquals(2L * perPass - 4, s.found);
        assertTrue(s.onVersion2 >= perPass, "the second pass runs on version 2 only");
        assertTrue(s.meanScore() > 0.05 && s.meanScore() < 0.5, "probabilities of default: " + s.meanScore());
    }
}
