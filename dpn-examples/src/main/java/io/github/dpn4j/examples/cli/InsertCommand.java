package io.github.dpn4j.examples.cli;

import io.github.dpn4j.examples.configs.ExampleConfig;
import io.github.dpn4j.examples.configs.ExampleConfigs;
import io.github.dpn4j.examples.configs.RunConfig;
import io.github.dpn4j.examples.data.MnistData;
import io.github.dpn4j.examples.report.Provenance;
import io.github.dpn4j.examples.report.ResultsTable;
import io.github.dpn4j.examples.report.RunDirectory;
import io.github.dpn4j.examples.report.RunReport;
import io.github.dpn4j.examples.report.RunSummary;
import io.github.dpn4j.examples.report.StagedRun;
import io.github.dpn4j.examples.train.Classifier;
import io.github.dpn4j.examples.train.NoiseEvaluation;
import io.github.dpn4j.examples.train.NoiseConditions;
import io.github.dpn4j.examples.train.TrainingDivergedException;
import io.github.dpn4j.layer.DenoisingPotential;
import io.github.dpn4j.layer.PotentialTransfer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.nd4j.linalg.learning.config.Adam;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dpn insert}: adds a DPN layer to a trained model (DL4J {@code TransferLearning}, through
 * {@link PotentialTransfer}), initialises it by k-means on the features it sees, fine-tunes, and evaluates the
 * result beside the original model on every noise condition.
 */
@Command(name = "insert", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Insert a DPN layer before the classifier of a trained model and fine-tune it.", "",
                "Loads the model (e.g. runs/cnn from './dpn train --config cnn'), inserts a DenoisingPotential "
                        + "between its output layer and the layer below (DL4J TransferLearning), initialises it "
                        + "by k-means, fine-tunes (the layers below frozen unless --no-freeze), evaluates both "
                        + "models on the same noisy test sets, and writes runs/<name>/ like 'train' does, the "
                        + "report with the original beside the new model.", ""})
final class InsertCommand implements Callable<Integer> {

    /** Suffix of the default run name, appended to the source run's name: {@value}. */
    static final String NAME_SUFFIX = "-insert";

    @Spec
    CommandSpec spec;

    @Option(names = {"-m", "--model"}, paramLabel = "PATH", required = true,
            description = "the trained model without a DPN layer: a model.zip, or a run directory holding one")
    Path model;

    @Option(names = "--freeze", negatable = true, fallbackValue = "true",
            description = "keep the layers below the DPN fixed during the fine-tune; --no-freeze trains them too "
                    + "(default: ${DEFAULT-VALUE})")
    boolean freeze = true;

    @Mixin
    TrainOptions options;

    @Mixin
    ProgressOption progress;

    @Override
    public Integer call() throws Exception {
        Path modelFile = SavedModelOptions.modelFile(model);
        Classifier original = Classifier.restore(modelFile);
        if (original.hasPotential()) {
            throw new IllegalArgumentException(modelFile + " already has a DenoisingPotential layer ("
                    + String.join(" → ", original.layerTypes()) + ")");
        }
        RunConfig run = options.toRunConfig(original.isGraph() ? ExampleConfig.CNN_DPN_GRAPH : ExampleConfig.CNN_DPN);
        String sourceName = modelFile.toAbsolutePath().getParent().getFileName().toString();
        Path dir = options.runDirectory(sourceName + NAME_SUFFIX);
        if (dir.toAbsolutePath().normalize().equals(modelFile.toAbsolutePath().getParent().normalize())) {
            throw new IllegalArgumentException("the new run would replace the source run " + dir
                    + "; choose another --name");
        }
        PrintWriter out = spec.commandLine().getOut();

        Classifier inserted = insert(original, run, freeze);
        out.printf(Locale.ROOT, "%s: %s; inserted %s before the output layer, layers below %s%n", modelFile,
                String.join(" → ", original.layerTypes()), describe(run), freeze ? "frozen" : "trained");
        MnistData data = TrainingRun.load(run);
        NoiseConditions conditions = NoiseConditions.prepare(data.test(), run.evalNoise(), run.evalSeed());
        Provenance provenance = Provenance.capture(Dpn.invocation(spec));
        TrainingRun training = new TrainingRun(run, data, conditions, progress.progress(), out, provenance);
        training.check();
        String table;
        try (StagedRun staged = RunDirectory.stage(dir, options.force(), Dpn.invocation(spec))) {
            staged.notes().forEach(spec.commandLine().getErr()::println);
            RunSummary summary;
            try {
                summary = training.execute(staged.run(), dir, inserted);
            } catch (TrainingDivergedException e) {
                staged.commit();  // as train: the report and the last good model are a result
                throw e;
            }
            NoiseEvaluation before = conditions.evaluate(original, run.batchSize(), progress.progress());

            List<ResultsTable.Column> columns = List.of(
                    new ResultsTable.Column(sourceName + " (original)", before, original.numParams(), Double.NaN,
                            Double.NaN),
                    new ResultsTable.Column(dir.getFileName().toString(), summary.evaluation(), summary.parameters(),
                            summary.trainingSeconds(), summary.finalStepSize()));
            table = ResultsTable.markdown(columns);
            staged.run().writeReport(report(RunReport.markdown(summary), modelFile, table));
            staged.commit();
        }
        out.println();
        out.print(table);
        out.println();
        out.println("wrote " + dir + "/ (" + String.join(", ", RunDirectory.open(dir).files()) + ")");
        out.flush();
        return 0;
    }

    /**
     * @param original the trained model, left unchanged
     * @param run      the fine-tune's settings: the DPN's k, n, precision, gradient mode; Adam's learning rate; seed
     * @param freeze   whether the layers below the DPN stay fixed
     * @return the model with a DPN inserted before its output layer, parameters not yet initialised by k-means
     */
    static Classifier insert(Classifier original, RunConfig run, boolean freeze) {
        DenoisingPotential dpn = ExampleConfigs.potential(run).build();
        FineTuneConfiguration fineTune = new FineTuneConfiguration.Builder()
                .updater(new Adam(run.learningRate()))
                .seed(run.seed())
                .build();
        if (original.model() instanceof MultiLayerNetwork net) {
            return Classifier.of(PotentialTransfer.insertBeforeOutput(net, dpn, fineTune, freeze));
        }
        return Classifier.of(PotentialTransfer.insertBeforeOutput((ComputationGraph) original.model(),
                ExampleConfigs.POTENTIAL_VERTEX, dpn, fineTune, freeze));
    }

    private static String describe(RunConfig run) {
        return String.format(Locale.ROOT, "DenoisingPotential(k=%d, n=%d, %s)", run.components(), run.steps(),
                run.precision());
    }

    /** The run's report with the original model's results beside the new one's, after the title. */
    private String report(String runReport, Path source, String table) {
        int afterTitle = runReport.indexOf("\n\n") + 2;
        String beside = "## Beside the original\n\n"
                + "The DPN was inserted before the output layer of `" + source + "` (DL4J TransferLearning, "
                + (freeze ? "layers below frozen" : "every layer fine-tuned")
                + "); both models evaluated on the same noisy test sets:\n\n" + table + "\n";
        return runReport.substring(0, afterTitle) + beside + runReport.substring(afterTitle);
    }
}
