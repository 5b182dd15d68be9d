package io.github.dpn4j.examples.report;

import io.github.dpn4j.examples.configs.RunConfig;
import io.github.dpn4j.examples.train.EpochMetrics;
import io.github.dpn4j.examples.train.NoiseEvaluation;
import java.util.List;

/**
 * Everything a run's report shows.
 *
 * @param name        run name (the run directory's name)
 * @param config      the run's settings
 * @param data        description of the data used, e.g. {@code embedded mnist-npm10k (8000 train / 2000 test)}
 * @param layers      layer types in order
 * @param parameters  trainable parameters
 * @param kmeans      what k-means initialisation found, or null without a DPN layer
 * @param initSeconds seconds spent in k-means initialisation (0 without a DPN layer)
 * @param history     metrics of every completed epoch; copied
 * @param evaluation  final evaluation, or null if training stopped early
 * @param stopped     why training stopped early, or null if it completed
 * @param provenance  command, machine, backend
 * @param finalStepSize the DPN step size alpha at the end (after the last epoch; the k-means value after 0 epochs),
 *                    NaN without a DPN layer
 */
public record RunSummary(String name, RunConfig config, String data, List<String> layers, long parameters,
                         String kmeans, double initSeconds, List<EpochMetrics> history, NoiseEvaluation evaluation,
                         String stopped, Provenance provenance, double finalStepSize) {

    /** Copies the lists. */
    public RunSummary {
        layers = List.copyOf(layers);
        history = List.copyOf(history);
    }

    /** @return k-means initialisation plus the optimisation time of every epoch, in seconds */
    public double trainingSeconds() {
        return initSeconds + history.stream().mapToDouble(EpochMetrics::seconds).sum();
    }
}
