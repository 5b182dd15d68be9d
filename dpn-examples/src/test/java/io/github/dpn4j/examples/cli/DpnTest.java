package io.github.dpn4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dpn4j.examples.configs.ExampleConfig;
import io.github.dpn4j.examples.configs.RunConfig;
import io.github.dpn4j.examples.data.MnistData;
import io.github.dpn4j.examples.report.RunDirectory;
import io.github.dpn4j.examples.report.RunLock;
import io.github.dpn4j.examples.train.Classifier;
import io.github.dpn4j.examples.train.NoiseEvaluation;
import io.github.dpn4j.examples.train.NoiseConditions;
import io.github.dpn4j.examples.train.Progress;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The {@code dpn} command end to end, in process, on a tiny subset of the embedded data (192 train / 96 test
 * images, one epoch, k = 4, n = 2). One {@code cnn-dpn} run is shared by the tests that only read it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DpnTest {

    static final List<String> TINY = List.of("--limit-train", "192", "--limit-test", "96", "--epochs", "1",
            "--batch", "64", "-k", "4", "-n", "2", "--kmeans-examples", "192", "--no-progress");

    @TempDir
    static Path runs;

    private Output shared;
    private RunDirectory sharedRun;

    /** Exit code and what the command printed. */
    record Output(int exitCode, String out, String err) {
    }

    static Output dpn(List<String> args) {
        CommandLine cl = Dpn.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args.toArray(String[]::new));
        return new Output(code, out.toString(), err.toString());
    }

    private List<String> train(String config, String name, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--config", config, "--runs", runs.toString(),
                "--name", name));
        args.addAll(TINY);
        args.addAll(Arrays.asList(extra));
        return args;
    }

    @BeforeAll
    void trainOnce() throws IOException {
        shared = dpn(train("cnn-dpn", "shared"));
        sharedRun = RunDirectory.open(runs.resolve("shared"));
    }

    @Test
    void train_printsEpochSummaryAndResultsTable() {
        assertEquals(0, shared.exitCode(), shared.err());
        String out = shared.out();
        assertTrue(out.matches("(?s).*epoch 1/1  loss \\d+\\.\\d{4}  acc clean \\d+\\.\\d\\d% gaussian:0\\.3 "
                + "\\d+\\.\\d\\d%  alpha \\S+  \\d+\\.\\d s\n.*"), out);
        for (String row : List.of("accuracy, clean", "accuracy, gaussian:0.3", "accuracy, gaussian:0.5",
                "accuracy, saltpepper:0.2", "accuracy, occlusion:10", "parameters", "training time", "inference",
                "step size alpha")) {
            assertTrue(out.contains("| " + row), row + " missing from\n" + out);
        }
        // no tolerance: every minibatch takes all n = 2 steps
        for (String condition : List.of("clean", "gaussian:0.3", "occlusion:10")) {
            assertTrue(out.matches("(?s).*\\| mean DPN steps, " + condition + " +\\| +2\\.00 \\|\n.*"),
                    condition + " steps row missing or not 2.00 in\n" + out);
        }
        assertTrue(out.contains("k-means init: inertia"), out);
        assertFalse(out.contains("Added differentiated op"), out);  // the layer filters SameDiff's chatter
    }

    @Test
    void train_writesCompleteRunDirectory() throws IOException {
        for (Path file : List.of(sharedRun.model(), sharedRun.config(), sharedRun.metrics(), sharedRun.evaluation(),
                sharedRun.report(), sharedRun.lossChart(), sharedRun.accuracyChart())) {
            assertTrue(Files.size(file) > 0, file + " missing or empty");
        }
        try (var files = Files.list(sharedRun.dir())) {
            // the listener's log and chart and the DL4J stats storage: TrainingStatsTest
            assertEquals(List.of(RunLock.FILE, RunDirectory.ACCURACY_CHART, RunDirectory.CONFIG,
                    RunDirectory.EVALUATION, RunDirectory.LOSS_CHART, RunDirectory.METRICS, RunDirectory.MODEL,
                    RunDirectory.POTENTIAL_LOG, RunDirectory.POTENTIAL_CHART, RunDirectory.REPORT, RunDirectory.STATS),
                    files.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary files or staging left");
        }
        List<String> metrics = Files.readAllLines(sharedRun.metrics());
        assertEquals("epoch,loss,accuracy[clean],accuracy[gaussian:0.3],alpha,seconds,potential_before,"
                + "potential_after,step_length,entropy,steps", metrics.get(0));
        assertEquals(2, metrics.size());
        assertTrue(metrics.get(1).matches("1,[0-9.E-]+,[0-9.]+,[0-9.]+,[0-9.E-]+,[0-9.]+(,[0-9.E-]+){4},2"),
                metrics.get(1));

        RunConfig config = sharedRun.readConfig();
        assertEquals(ExampleConfig.CNN_DPN, config.config());
        assertEquals(List.of(4, 2, 1, 64, 192, 96), List.of(config.components(), config.steps(), config.epochs(),
                config.batchSize(), config.limitTrain(), config.limitTest()));

        String report = Files.readString(sharedRun.report());
        assertTrue(report.contains("./dpn train --config cnn-dpn --runs "), report);
        assertTrue(report.contains("Seeds: network and k-means 42, training noise and shuffling 1234, evaluation "
                + "noise 2024"), report);
        assertTrue(report.contains("- backend: "), report);
        assertTrue(report.contains("![loss](loss.png)"), report);
        assertTrue(report.contains("| accuracy, occlusion:10"), report);
    }

    @Test
    void runDirectory_roundTrip_restoredModelGivesRecordedAccuracies() throws IOException {
        RunConfig config = sharedRun.readConfig();
        Classifier restored = sharedRun.restoreModel();
        assertTrue(restored.hasPotential());
        NoiseEvaluation again = NoiseConditions.prepare(TrainingRun.load(config).test(), config.evalNoise(),
                config.evalSeed()).evaluate(restored, config.batchSize(), Progress.none());
        assertEquals(sharedRun.readEvaluation().conditions(), again.conditions());
    }

    @Test
    void evaluate_savedRun_printsTableIdenticalToRecorded() {
        Output r = dpn(List.of("evaluate", "--model", sharedRun.model().toString(), "--no-progress"));
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("MultiLayerNetwork"), r.out());
        assertTrue(r.out().contains("| accuracy, saltpepper:0.2 "), r.out());
        assertTrue(r.out().contains("identical to the accuracies recorded in"), r.out());
    }

    @Test
    void evaluate_withTolerance_stopsTheSavedModelsAscentsEarly() {
        Output r = dpn(List.of("evaluate", "--model", sharedRun.model().toString(), "--tolerance", "1e6",
                "--no-progress"));
        assertEquals(0, r.exitCode(), r.err());
        List<String> rows = r.out().lines().filter(l -> l.startsWith("| mean DPN steps")).toList();
        assertEquals(RunConfig.DEFAULT_EVAL_NOISE.split(",").length, rows.size(), r.out());
        rows.forEach(row -> assertTrue(row.matches("\\| mean DPN steps, \\S+ +\\| +1\\.00 \\|"), row));
        assertTrue(r.out().contains("(evaluated with --tolerance 1000000.0)"), r.out());
        Output negative = dpn(List.of("evaluate", "--model", sharedRun.model().toString(), "--tolerance", "-1"));
        assertEquals(Dpn.EXIT_USAGE, negative.exitCode(), negative.err());
        assertTrue(negative.err().contains("\"dpn\": tolerance") && negative.err().contains("-1.0"),
                negative.err());
    }

    @Test
    void train_sameCommandTwice_givesSameNumbers() throws IOException {
        Output again = dpn(train("cnn-dpn", "again"));
        assertEquals(0, again.exitCode(), again.err());
        RunDirectory second = RunDirectory.open(runs.resolve("again"));
        assertEquals(Files.readString(sharedRun.evaluation()), Files.readString(second.evaluation()));
        assertEquals(withoutSeconds(sharedRun.metrics()), withoutSeconds(second.metrics()));
        assertEquals(table(shared.out()), table(again.out()));
    }

    @Test
    void train_withTolerance_reportsMeanDpnStepsBelowN_andEvaluateShowsTheSame() throws IOException {
        // any step is shorter than 1e6: every minibatch stops after its first step
        Output trained = dpn(train("cnn-dpn", "tolerant", "--tolerance", "1e6"));
        assertEquals(0, trained.exitCode(), trained.err());
        RunDirectory run = RunDirectory.open(runs.resolve("tolerant"));
        assertEquals(1e6, run.readConfig().tolerance());
        List<String> rows = trained.out().lines().filter(l -> l.startsWith("| mean DPN steps")).toList();
        assertEquals(RunConfig.DEFAULT_EVAL_NOISE.split(",").length, rows.size(), trained.out());
        rows.forEach(row -> assertTrue(row.matches("\\| mean DPN steps, \\S+ +\\| +1\\.00 \\|"), row));
        assertTrue(Files.readString(run.report()).contains("stopped once every image of the minibatch moved less "
                + "than 1000000.0 in a step"), Files.readString(run.report()));
        assertTrue(Files.readString(run.evaluation()).contains("\nclean,"), "evaluation.csv");
        assertTrue(run.readEvaluation().conditions().stream().allMatch(a -> a.meanDpnSteps() == 1.0),
                run.readEvaluation().conditions().toString());

        Output evaluated = dpn(List.of("evaluate", "--model", run.dir().toString(), "--no-progress"));
        assertEquals(0, evaluated.exitCode(), evaluated.err());
        assertEquals(rows, evaluated.out().lines().filter(l -> l.startsWith("| mean DPN steps")).toList());
    }

    @Test
    void trainAndEvaluate_computationGraph() {
        Output trained = dpn(train("cnn-dpn-graph", "graph"));
        assertEquals(0, trained.exitCode(), trained.err());
        Output r = dpn(List.of("evaluate", "--model", runs.resolve("graph").toString(), "--no-progress"));
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("ComputationGraph"), r.out());
        assertTrue(r.out().contains("identical to the accuracies recorded in"), r.out());
    }

    @Test
    void compare_printsConfigsSideBySide_andWritesReport() throws IOException {
        List<String> args = new ArrayList<>(List.of("compare", "--configs", "cnn,cnn-dpn", "--runs", runs.toString(),
                "--name", "cmp"));
        args.addAll(TINY);
        Output r = dpn(args);
        assertEquals(0, r.exitCode(), r.err());
        String header = r.out().lines().filter(l -> l.matches("\\|\\s+\\|\\s+cnn \\|\\s+cnn-dpn \\|")).findFirst()
                .orElseThrow(() -> new AssertionError("no side-by-side header in\n" + r.out()));
        String report = Files.readString(runs.resolve("cmp").resolve(RunDirectory.REPORT));
        assertTrue(report.contains(header), report);
        assertTrue(report.contains("[cnn](cnn/report.md)"), report);
        assertTrue(report.matches("(?s).*\\| mean DPN steps, clean +\\| +- \\| +2\\.00 \\|\n.*"), report);
        assertTrue(Files.isRegularFile(runs.resolve("cmp").resolve("cnn").resolve(RunDirectory.MODEL)));
        assertTrue(Files.isRegularFile(runs.resolve("cmp").resolve("cnn-dpn").resolve(RunDirectory.MODEL)));
        // identical data, noise and seeds: the cnn column equals a separate cnn run
        Output cnn = dpn(train("cnn", "cnn-alone"));
        assertEquals(Files.readString(runs.resolve("cmp").resolve("cnn").resolve(RunDirectory.EVALUATION)),
                Files.readString(runs.resolve("cnn-alone").resolve(RunDirectory.EVALUATION)), cnn.err());
    }

    @Test
    void compareModels_twoSeeds_reportsMeanAndStdPerCell_andWritesEveryRun() throws IOException {
        Output r = dpn(List.of("compare", "--seeds", "2", "--front-end-epochs", "1", "--front-end-components", "4",
                "--runs", runs.toString(),
                "--name", "robust", "--limit-train", "64", "--limit-test", "32", "--batch", "32", "--epochs", "1",
                "--eval-noise", "none,gaussian:1.0", "--no-progress"));

        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\|\\s+\\|\\s+cnn \\|\\s+cnn\\+dpn \\|\\s+cnn\\+dae \\|"
                + "\\s+cnn-augmented \\|")),
                r.out());
        for (String condition : List.of("clean", "gaussian:1.0")) {
            assertTrue(r.out().matches("(?s).*\\| accuracy, " + condition + " +(\\| +\\d+\\.\\d\\d ± \\d+\\.\\d\\d% ){4}\\|.*"),
                    condition + " row missing or not mean ± std in\n" + r.out());
        }
        Path dir = runs.resolve("robust");
        String report = Files.readString(dir.resolve(RunDirectory.REPORT));
        assertTrue(report.contains("mean ± sample standard deviation over 2 seeds"), report);
        for (String run : List.of("seed-42/cnn", "seed-43/cnn", "seed-42/cnn+dpn", "seed-43/cnn+dae",
                "seed-43/cnn-augmented")) {
            assertTrue(Files.isRegularFile(dir.resolve(run).resolve(RunDirectory.EVALUATION)), run);
            assertTrue(report.contains("[" + run + "](" + run + "/report.md)"), run + " not linked in\n" + report);
        }
        assertEquals("gaussian:0.1-1.0", RunDirectory.open(dir.resolve("seed-43/cnn-augmented")).readConfig()
                .trainNoise());
        assertEquals(List.of(43L, 1235L), List.of(RunDirectory.open(dir.resolve("seed-43/cnn")).readConfig().seed(),
                RunDirectory.open(dir.resolve("seed-43/cnn")).readConfig().noiseSeed()));
        // the front-end's column is the seed's trained cnn, unchanged, behind the autoencoder: its clean accuracy
        // differs from the cnn's only through the front-end, and its report gives the denoising error
        assertTrue(Files.readString(dir.resolve("seed-42/cnn+dae").resolve(RunDirectory.REPORT))
                .contains("## Denoising error"));
    }

    @Test
    void compare_rejectsConfigsWithModels_andBadSeeds() {
        Output both = dpn(List.of("compare", "--configs", "cnn", "--models", "cnn", "--no-progress"));
        assertEquals(Dpn.EXIT_ERROR, both.exitCode());
        assertTrue(both.err().contains("--configs and --models exclude each other"), both.err());
        Output seeds = dpn(List.of("compare", "--seeds", "0", "--no-progress"));
        assertTrue(seeds.err().contains("seeds must be >= 1, got 0"), seeds.err());
        Output model = dpn(List.of("compare", "--models", "cnn,resnet", "--no-progress"));
        assertTrue(model.err().contains("got 'resnet'"), model.err());
        Output components = dpn(List.of("compare", "--models", "cnn+dpn", "--limit-train", "10",
                "--front-end-components", "20", "--runs", runs.toString(), "--no-progress"));
        assertEquals(Dpn.EXIT_ERROR, components.exitCode());
        assertTrue(components.err().contains("training examples (10)") && components.err().contains("got 20"),
                components.err());
    }

    @Test
    void train_divergingLoss_stopsWithExitCode3_andKeepsLastGoodModel() throws IOException {
        List<String> args = new ArrayList<>(train("cnn", "diverged", "--lr", "1e30"));
        args.set(args.indexOf("--epochs") + 1, "3");
        Output r = dpn(args);
        assertEquals(Dpn.EXIT_DIVERGED, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().matches("(?s)dpn: training diverged: loss is (NaN|-?Infinity) at epoch \\d+, batch \\d+ "
                + "\\(iteration \\d+\\).*"), r.err());
        assertTrue(r.err().endsWith("Try a smaller --learning-rate.\n"), "no --steps advice without a DPN: " + r.err());
        RunDirectory run = RunDirectory.open(runs.resolve("diverged"));
        var params = ((org.deeplearning4j.nn.multilayer.MultiLayerNetwork) run.restoreModel().model()).params();
        assertFalse(params.isNaN().any() || params.isInfinite().any(), "saved model is finite");
        assertTrue(Files.readString(run.report()).contains("**Training stopped early:**"));
    }

    @Test
    void train_dataDirectory_readsStandardIdxFiles() throws IOException {
        // the four files under their standard names, gzipped: the layout Fashion-MNIST is distributed in
        Path dir = Files.createDirectories(runs.resolve("idx"));
        for (String name : List.of(MnistData.TRAIN_IMAGES, MnistData.TRAIN_LABELS, MnistData.TEST_IMAGES,
                MnistData.TEST_LABELS)) {
            try (var in = MnistData.class.getResourceAsStream(MnistData.EMBEDDED_NAME + "/" + name + ".gz")) {
                Files.copy(in, dir.resolve(name + ".gz"));
            }
        }
        Output r = dpn(train("cnn", "from-dir", "--data", dir.toString()));
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("data " + dir + " (first 192 of 8000 train / first 96 of 2000 test)"), r.out());
        RunConfig config = RunDirectory.open(runs.resolve("from-dir")).readConfig();
        assertEquals(dir.toAbsolutePath().normalize().toString(), config.dataDir());
    }

    @Test
    void rerun_failingPredictably_keepsThePreviousRun_andACompletedRerunReplacesAllOfIt() throws IOException {
        assertEquals(0, dpn(train("cnn", "switch")).exitCode());
        Path dir = runs.resolve("switch");
        Files.writeString(dir.resolve("separation.png"), "an analyze picture of the cnn model");
        byte[] model = Files.readAllBytes(dir.resolve(RunDirectory.MODEL));
        String config = Files.readString(dir.resolve(RunDirectory.CONFIG));

        List<String> tooFew = new ArrayList<>(train("cnn-dpn", "switch"));
        tooFew.set(tooFew.indexOf("-k") + 1, "20");
        tooFew.set(tooFew.indexOf("--limit-train") + 1, "5");
        Output failed = dpn(tooFew);
        assertEquals(Dpn.EXIT_ERROR, failed.exitCode(), failed.err());
        assertEquals("dpn: k-means needs at least as many training examples as DPN components, got -k 20 but only 5 "
                + "examples (5 training examples, --kmeans-examples 192); lower -k or use more examples\n",
                failed.err());
        assertArrayEquals(model, Files.readAllBytes(dir.resolve(RunDirectory.MODEL)));
        assertEquals(config, Files.readString(dir.resolve(RunDirectory.CONFIG)));

        Output rerun = dpn(train("cnn-dpn", "switch"));
        assertEquals(0, rerun.exitCode(), rerun.err());
        assertEquals(ExampleConfig.CNN_DPN, RunDirectory.open(dir).readConfig().config());
        assertFalse(Files.exists(dir.resolve("separation.png")), "the cnn model's picture went with it");
    }

    @Test
    void train_intoALockedRun_failsAtOnce_namingTheHolder() throws IOException {
        Path dir = Files.createDirectories(runs.resolve("busy"));
        try (RunLock lock = RunLock.acquire(dir, "./dpn analyze --model busy")) {
            Output r = dpn(train("cnn", "busy"));
            assertEquals(Dpn.EXIT_ERROR, r.exitCode());
            assertTrue(r.err().startsWith("dpn: " + dir + " is in use by process " + ProcessHandle.current().pid()
                    + " (./dpn analyze --model busy, since "), r.err());
        }
    }

    @Test
    void train_intoAFolderThatIsNotARun_isRefused_unlessForced() throws IOException {
        Path project = Files.createDirectories(runs.resolve("myproj"));
        Files.writeString(project.resolve(RunDirectory.CONFIG), "{\"mine\": true}");
        Files.writeString(project.resolve(RunDirectory.REPORT), "# my project\n");
        Output r = dpn(train("cnn", "myproj"));
        assertEquals(Dpn.EXIT_ERROR, r.exitCode());
        assertTrue(r.err().startsWith("dpn: " + project + " is not a dpn run directory (it holds config.json, "
                + "report.md); "), r.err());
        assertEquals("# my project\n", Files.readString(project.resolve(RunDirectory.REPORT)));
        assertTrue(dpn(List.of("train", "--help")).out().contains("--force"));
    }

    @Test
    void invalidOptions_areReported_namingTheValue_withExitCode2() {
        Output config = dpn(List.of("train", "--config", "resnet", "--no-progress"));
        assertEquals(Dpn.EXIT_USAGE, config.exitCode());
        assertTrue(config.err().contains("got 'resnet'"), config.err());
        Output noise = dpn(List.of("train", "--noise", "pink:3", "--no-progress"));
        assertEquals(Dpn.EXIT_USAGE, noise.exitCode());
        assertTrue(noise.err().contains("invalid noise spec 'pink:3'"), noise.err());
        Output epochs = dpn(List.of("train", "--epochs", "-2", "--no-progress"));
        assertEquals(Dpn.EXIT_USAGE, epochs.exitCode());
        assertEquals("dpn: epochs must be >= 0, got -2 (./dpn help train lists the options)\n", epochs.err());
        Output parse = dpn(List.of("train", "--epochs", "two", "--no-progress"));
        assertEquals(Dpn.EXIT_USAGE, parse.exitCode());
        Output name = dpn(List.of("compare", "--name", "a/b", "--no-progress"));
        assertEquals(Dpn.EXIT_USAGE, name.exitCode());
        assertTrue(name.err().contains("got 'a/b'"), name.err());
        Output twice = dpn(List.of("compare", "--configs", "cnn,cnn", "--no-progress"));
        assertEquals(Dpn.EXIT_USAGE, twice.exitCode());
        Output limit = dpn(List.of("evaluate", "--model", sharedRun.model().toString(), "--limit-test", "-1"));
        assertEquals(Dpn.EXIT_USAGE, limit.exitCode(), limit.err());
        Output analyze = dpn(List.of("analyze", "--model", sharedRun.model().toString(), "--noise", "pink:3"));
        assertEquals(Dpn.EXIT_USAGE, analyze.exitCode(), analyze.err());
        Output robustify = dpn(List.of("robustify", "--model", sharedRun.model().toString(), "--eval-noise",
                "pink:3"));
        assertEquals(Dpn.EXIT_USAGE, robustify.exitCode(), robustify.err());
        Output missing = dpn(List.of("evaluate", "--model", runs.resolve("nope/model.zip").toString()));
        assertEquals(Dpn.EXIT_ERROR, missing.exitCode());
        assertTrue(missing.err().contains("nope"), missing.err());
        for (String tolerance : List.of("-1", "NaN")) {
            Output r = dpn(List.of("train", "--tolerance", tolerance, "--no-progress"));
            assertEquals(Dpn.EXIT_USAGE, r.exitCode(), r.err());
            String expected = "dpn: tolerance must be finite and >= 0, got " + Double.parseDouble(tolerance);
            assertTrue(r.err().startsWith(expected), r.err());
        }
        Output full = dpn(train("cnn-dpn", "full-tolerance", "--tolerance", "1e-3", "--gradient-mode", "FULL"));
        assertEquals(Dpn.EXIT_ERROR, full.exitCode(), full.err());
        assertTrue(full.err().contains("tolerance 0.001 needs gradientMode DETACHED"), full.err());
        Output data = dpn(List.of("train", "--data", runs.resolve("no-such-dir").toString(), "--no-progress"));
        assertEquals(Dpn.EXIT_ERROR, data.exitCode());
        assertTrue(data.err().contains("no-such-dir"), data.err());
    }

    @Test
    void evalNoise_listingAConditionTwice_isAnOptionError() {
        Output r = dpn(train("cnn", "twice", "--eval-noise", "none,gaussian:0.3,none"));
        assertEquals(Dpn.EXIT_USAGE, r.exitCode());
        assertTrue(r.err().startsWith("dpn: eval noise lists the condition 'none' twice, got "
                + "none,gaussian:0.3,none"), r.err());
    }

    @Test
    void brokenModelZip_isNamed_withoutATrace() throws IOException {
        byte[] good = Files.readAllBytes(sharedRun.model());
        Map<String, byte[]> broken = Map.of("empty", new byte[0], "truncated", Arrays.copyOf(good, good.length / 2),
                "random", new java.util.Random(1).ints(4096, 0, 256).collect(java.io.ByteArrayOutputStream::new,
                        (o, b) -> o.write(b), (a, b) -> a.write(b.toByteArray(), 0, b.size())).toByteArray());
        for (Map.Entry<String, byte[]> e : broken.entrySet()) {
            Path model = Files.write(Files.createDirectories(runs.resolve("broken-" + e.getKey()))
                    .resolve(RunDirectory.MODEL), e.getValue());
            Output r = dpn(List.of("evaluate", "--model", model.toString(), "--no-progress"));
            assertEquals(Dpn.EXIT_ERROR, r.exitCode(), e.getKey());
            assertTrue(r.err().startsWith("dpn: " + model + ": not a readable model zip ("), e.getKey() + ": " + r.err());
            assertEquals(1, r.err().lines().count(), e.getKey() + ": " + r.err());
        }
    }

    @Test
    void editedModelConfiguration_isNamed_layerOptionAndValue() throws IOException {
        String json = zipEntry(sharedRun.model(), "configuration.json");
        assertTrue(json.contains("\"components\" : 4,") && json.contains("\"steps\" : 2,"), json);
        Map<String, String> edits = Map.of("components", json.replace("\"components\" : 4,", "\"components\" : 8,"),
                "steps", json.replace("\"steps\" : 2,", "\"steps\" : -4,"));
        for (Map.Entry<String, String> edit : edits.entrySet()) {
            Path model = Files.createDirectories(runs.resolve("edited-" + edit.getKey())).resolve(RunDirectory.MODEL);
            withEntry(sharedRun.model(), model, "configuration.json", edit.getValue());
            Output r = dpn(List.of("evaluate", "--model", model.toString(), "--no-progress"));
            assertEquals(Dpn.EXIT_ERROR, r.exitCode(), r.err());
            assertTrue(r.err().startsWith("dpn: " + model + ": the model cannot be restored ("), r.err());
            assertTrue(r.err().contains(edit.getKey().equals("steps") ? "steps must be >= 0, got -4"
                    : "its DenoisingPotential layer \"dpn\" with components=8, nIn=64, precision FULL needs"), r.err());
        }
    }

    private static String zipEntry(Path zip, String name) throws IOException {
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(zip.toFile())) {
            return new String(z.getInputStream(z.getEntry(name)).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static void withEntry(Path from, Path to, String name, String content) throws IOException {
        try (java.util.zip.ZipFile in = new java.util.zip.ZipFile(from.toFile());
             java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(to))) {
            for (var entries = in.entries(); entries.hasMoreElements(); ) {
                java.util.zip.ZipEntry e = entries.nextElement();
                out.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
                out.write(e.getName().equals(name) ? content.getBytes(java.nio.charset.StandardCharsets.UTF_8)
                        : in.getInputStream(e).readAllBytes());
                out.closeEntry();
            }
        }
    }

    @Test
    void zeroEpochs_namesTheFilesWritten_andShowsTheKMeansStepSize() {
        List<String> args = new ArrayList<>(train("cnn-dpn", "zero"));
        args.set(args.indexOf("--epochs") + 1, "0");
        Output r = dpn(args);
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("wrote " + runs.resolve("zero") + "/ (model.zip, config.json, metrics.csv, "
                + "evaluation.csv, report.md)\n"), r.out());
        String alphaRow = r.out().lines().filter(l -> l.startsWith("| step size alpha")).findFirst().orElseThrow();
        assertTrue(alphaRow.matches("\\| step size alpha +\\| +[0-9.eE-]+ \\|"), alphaRow);
        Output evaluated = dpn(List.of("evaluate", "--model", runs.resolve("zero").toString(), "--no-progress"));
        assertTrue(evaluated.out().contains(alphaRow.replaceAll("\\s+", " ").split("\\| ")[2].trim()),
                alphaRow + " vs\n" + evaluated.out());
    }

    @Test
    void usage_statesEveryDefault() {
        Output r = dpn(List.of("train", "--help"));
        String usage = r.out().replaceAll("\\s+", "");
        for (String expected : List.of("training epochs (default: 5)", "minibatch size (default: 128)",
                "DPN mixture components (default: 20)", "(default: 30 for seed, 10 for cnn-dpn and cnn-dpn-graph)",
                "(default: FULL)", "(default: DETACHED)", "Adam learning rate (default: 0.001)",
                "(default: 42)", "(default: gaussian:0.3)", "(default: 1234)",
                "(default: none,gaussian:0.3,gaussian:0.5,gaussian:0.6,gaussian:1.0,saltpepper:0.2,occlusion:10)", "(default: 2024)",
                "(default: 5000)", "(default: runs)", "0 is off (default: 0.0)", "(default: cnn-dpn)",
                "its k-means value (default: true)")) {
            assertTrue(usage.contains(expected.replaceAll("\\s+", "")), expected + " missing from\n" + r.out());
        }
        assertTrue(dpn(List.of()).err().contains("missing command"));
        assertTrue(usage.contains("useonlythefirstNtrainingexamples;0meansall(default:all)"), r.out());
    }

    private static List<String> withoutSeconds(Path metrics) throws IOException {
        List<String> lines = Files.readAllLines(metrics);
        int seconds = Arrays.asList(lines.get(0).split(",")).indexOf("seconds");
        return lines.stream().map(l -> {
            List<String> cells = new ArrayList<>(Arrays.asList(l.split(",", -1)));
            cells.remove(seconds);
            return String.join(",", cells);
        }).toList();
    }

    /** The cells of the results table's rows that are not timings. */
    private static List<String> table(String out) {
        return out.lines().filter(l -> l.startsWith("| accuracy") || l.startsWith("| parameters"))
                .map(l -> l.replaceAll("\\s+", " ")).toList();
    }
}
