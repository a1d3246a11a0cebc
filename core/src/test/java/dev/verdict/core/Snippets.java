package dev.verdict.core;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Map;

/**
 * The examples in core's Javadoc ({@code {@snippet class=dev.verdict.core.Snippets region=...}}),
 * compiled with the tests so that an example that no longer matches the API fails the build.
 * {@link SnippetsTest} also runs the ones that need nothing outside core. Models come in as
 * parameters: in an application they come from {@code ModelLoader.load(path)}.
 */
@SuppressWarnings("unused")
final class Snippets {
    private Snippets() {
    }

    static FeatureSchema schema() {
        // @start region=schema
        FeatureSchema schema = FeatureSchema.builder()
                .add(Feature.numeric("income").asRequired())
                .add(Feature.numeric("utilization"))
                .add(Feature.categorical("channel", List.of("web", "branch", "phone")))
                .add(Feature.bool("homeowner"))
                .build();
        int income = schema.indexOf("income");          // resolve once
        FeatureVector row = schema.newVector();          // reuse per request
        row.set(income, 72_000);
        // @end
        return schema;
    }

    static void features() {
        // @start region=features
        Feature age = Feature.numeric("age");
        Feature income = Feature.numeric("income").asRequired();      // NaN is rejected at scoring
        Feature channel = Feature.categorical("channel", List.of("web", "branch", "phone"));
        Feature year = Feature.categorical("model_year", new double[] {70, 71, 72});  // numbers
        Feature homeowner = Feature.bool("homeowner");
        // @end
    }

    static void categoryValues() {
        // @start region=categoryValues
        Feature strict = Feature.categorical("channel");                      // codes 0, 1, 2, …
        Feature lenient = Feature.categorical("merchant_group")
                .withCategoryValues(CategoryValues.ANY_FINITE);               // -999 scores too
        // @end
    }

    static void setCategoryNumber(FeatureSchema schema, FeatureVector row) {
        // @start region=setCategoryNumber
        int year = schema.indexOf("model_year");    // categories 70, 71, …, 82
        row.setCategory(year, 70);                   // code 0
        // @end
    }

    static boolean sameLayout() {
        // @start region=sameLayout
        FeatureSchema model = FeatureSchema.builder().numeric("income", "age").build();
        FeatureSchema request = FeatureSchema.builder()
                .add(Feature.numeric("income").asRequired()).numeric("age").build();
        request.equals(model);          // false: the request requires income
        request.hasSameLayout(model);   // true: a request vector can be scored as the model's
        // @end
        return request.hasSameLayout(model) && !request.equals(model);
    }

    static void vector(FeatureSchema schema) {
        // @start region=vector
        FeatureVector row = schema.newVector();        // once per thread
        int income = schema.indexOf("income");          // once
        // per request:
        row.clear()
           .set(income, 72_000)
           .setBoolean(schema.indexOf("homeowner"), true)
           .setCategory(schema.indexOf("channel"), "web");
        // @end
    }

    static void setFloats(FeatureVector row, MemorySegment record) {
        // @start region=setFloats
        // 20 float32 values at byte 64 of a mapped record, into features 10..29
        row.setFloats(10, record, 64, 20);
        // @end
    }

    record Applicant(double income) {
    }

    static void batch(FeatureSchema schema, List<Applicant> rows, ScoringSession session,
            ModelHandle model) {
        ScoreBatch scores = new ScoreBatch(OutputSpec.prediction(), 1_000);
        int income = schema.indexOf("income");
        // @start region=batch
        FeatureBatch batch = schema.newBatch(1_000);    // once
        batch.clear(rows.size());                        // per batch: all values missing
        for (int r = 0; r < rows.size(); r++) {
            batch.set(r, income, rows.get(r).income());
        }
        session.scoreBatch(model, batch, scores);
        // @end
    }

    static void registry(FeatureSchema requestSchema, Model creditV1, Model creditV2,
            FeatureVector row) {
        // @start region=registry
        ModelRegistry registry = new ModelRegistry();
        ModelHandle credit = registry.register("credit", requestSchema);
        credit.publish(creditV1);                        // e.g. ModelLoader.load(path)

        // per request thread (give each its own session, or pool them):
        ScoringSession session = registry.newSession();
        ScoreBuffer out = session.score(credit, row);

        // later, from any thread: validated first, then swapped atomically
        credit.publish(creditV2);
        // @end
    }

    static void session(ModelRegistry registry, ModelHandle credit) {
        // @start region=session
        ScoringSession session = registry.newSession();     // per thread, reused
        FeatureSchema schema = credit.requestSchema();
        int income = schema.indexOf("income");              // resolved once
        int utilization = schema.indexOf("utilization");
        FeatureVector row = schema.newVector();
        // per request:
        row.clear().set(income, 72_000).set(utilization, 0.31);
        ScoreBuffer out = session.score(credit, row);
        boolean refer = out.score() > 0.2;
        // @end
    }

    static void pooled(java.util.concurrent.BlockingQueue<ScoringSession> pool, ModelHandle credit,
            FeatureVector row) throws InterruptedException {
        // @start region=pool
        ScoringSession session = pool.take();
        try {
            double score = session.score(credit, row).score();   // read before handing it back
        } finally {
            session.release();                                    // another thread may take it now
            pool.put(session);
        }
        // @end
    }

    static void scoreBuffer(ScoringSession session, ModelHandle credit, FeatureVector row) {
        // @start region=scoreBuffer
        ScoreBuffer out = session.score(credit, row);
        double pDefault = out.score();          // first score: the probability of a binary model
        double logit = out.margin();            // its untransformed margin
        long version = out.modelVersion();      // which published version produced it
        // @end
    }

    static void scorer(Model model) {
        // @start region=scorer
        Scorer scorer = model.newScorer();                     // one per thread
        FeatureVector row = model.inputSchema().newVector();
        ScoreBuffer out = new ScoreBuffer(model.outputs());
        row.set(0, 3.5);
        scorer.score(row, out);
        // @end
    }

    static void model(Model loaded) {
        // @start region=model
        try (Model model = loaded) {                 // e.g. ModelLoader.load(Path.of("credit.json"))
            Scorer scorer = model.newScorer();
            // ... score, then close the model when no scorer uses it any more
        }
        // @end
    }

    // @start region=abstractModel
    /** A model that adds its inputs up: the whole implementation of a new model format. */
    static final class SumModel extends AbstractModel {
        SumModel(FeatureSchema schema) {
            super(new ModelInfo("sum", "1", "regression", Map.of()), schema, true,
                    OutputSpec.prediction());
        }

        @Override
        public Scorer newScorer() {
            return new Scorer() {
                @Override
                public void score(FeatureVector features, ScoreBuffer out) {
                    inputSchema().requireSameLayout(features.schema());
                    double sum = 0;
                    for (int i = 0; i < features.size(); i++) {
                        sum += features.isMissing(i) ? 0 : features.get(i);
                    }
                    out.setMargin(0, sum);
                    out.setScore(0, sum);
                }

                @Override
                public void scoreBatch(FeatureBatch features, ScoreBatch out) {
                    inputSchema().requireSameLayout(features.schema());
                    out.begin(features.rowCount());
                    for (int r = 0; r < features.rowCount(); r++) {
                        double sum = 0;
                        for (int i = 0; i < features.schema().size(); i++) {
                            double v = features.get(r, i);
                            sum += v == v ? v : 0;
                        }
                        out.setMargin(r, 0, sum);
                        out.setScore(r, 0, sum);
                    }
                }
            };
        }
    }
    // @end

    // @start region=threadOwner
    /** A thread-confined object: the first thread that calls it owns it. */
    static final class Confined {
        private final ThreadOwner owner = new ThreadOwner("Confined");
        private final double[] scratch = new double[16];

        double work(double x) {
            owner.check();                   // first: before anything is touched
            scratch[0] = x;
            return scratch[0] * 2;
        }

        void release() {
            owner.release();                 // for pools: hand it to another thread next
        }
    }
    // @end

    static void explainer(Model loaded, FeatureVector row) {
        // @start region=explainer
        Explainer explainer = loaded.newExplainer();            // one per thread, like a Scorer
        Contributions contributions = Contributions.forModel(loaded);
        explainer.explain(row, contributions);                  // row in the model's input schema
        double fromIncome = contributions.value("income");      // pushes the margin up or down
        double expected = contributions.bias();                 // the margin before any feature
        // @end
    }

    static void contributions(ScoringSession session, FeatureVector request) {
        // @start region=contributions
        Contributions contributions = new Contributions();      // reuse it, request after request
        session.explain("credit", request, contributions);
        for (int f = 0; f < contributions.featureCount(); f++) {
            System.out.println(contributions.schema().name(f) + " " + contributions.value(f));
        }
        // @end
    }

    static void sessionExplain(ScoringSession session, FeatureVector request) {
        // @start region=sessionExplain
        Contributions contributions = new Contributions();
        ScoreBuffer score = session.explain("credit", request, contributions);
        // the same model version computed both: the bias plus the values is the score's margin
        assert score.modelVersion() == contributions.modelVersion();
        // @end
    }
}
