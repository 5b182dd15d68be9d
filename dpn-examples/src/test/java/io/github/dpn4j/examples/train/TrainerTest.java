package io.github.dpn4j.examples.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dpn4j.examples.configs.ExampleConfig;
import io.github.dpn4j.examples.configs.RunConfig;
import io.github.dpn4j.examples.data.MnistData;
import io.github.dpn4j.examples.noise.NoiseModel;
import io.github.dpn4j.examples.noise.NoisyDataSetIterator;
import io.github.dpn4j.examples.report.RunDirectory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;

class TrainerTest {

    private static final int BATCH = 32;

    @TempDir
    Path tmp;

    @Test
    void nonFiniteLoss_stopsNamingEpochAndBatch_andKeepsLastGoodModel() throws Exception {
        MnistData data = MnistData.embedded().limit(64, 32);
        RunConfig run = new RunConfig.Builder(ExampleConfig.CNN).batchSize(BATCH).build();
        Classifier classifier = Classifier.create(run);
        RunDirectory dir = RunDirectory.open(Files.createDirectories(tmp.resolve("run")));
        List<INDArray> saved = new ArrayList<>();
        // epoch 2, batch 2 gets NaN pixels: its loss is NaN
        DataSetIterator batches = new PoisonedBatches(new NoisyDataSetIterator(data.train(), BATCH,
                NoiseModel.parse("gaussian:0.3"), 1, true), 2, 2);
        NoiseConditions monitor = NoiseConditions.prepare(data.test(), List.of("none"), 3);
        StringWriter out = new StringWriter();
        Trainer trainer = new Trainer(3, BATCH, Progress.none(), new PrintWriter(out));

        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> trainer.train(classifier, batches, data.numTrain(), monitor, (c, history) -> {
                    dir.saveModel(c);
                    saved.add(((org.deeplearning4j.nn.multilayer.MultiLayerNetwork) c.model()).params().dup());
                }));

        assertEquals(2, e.epoch());
        assertEquals(2, e.batch());
        assertEquals(4, e.iteration());
        assertTrue(Double.isNaN(e.loss()));
        assertEquals(1, e.completed().size());
        assertTrue(e.getMessage().contains("loss is NaN at epoch 2, batch 2 (iteration 4)"), e.getMessage());
        assertTrue(e.getMessage().contains("saved after epoch 1"), e.getMessage());
        assertEquals(1, saved.size());
        INDArray onDisk = ((org.deeplearning4j.nn.multilayer.MultiLayerNetwork) dir.restoreModel().model()).params();
        assertEquals(saved.get(0), onDisk);
        assertFalse(onDisk.isNaN().any() || onDisk.isInfinite().any());
        try (var files = Files.list(dir.dir())) {
            assertEquals(List.of(RunDirectory.MODEL), files.map(p -> p.getFileName().toString()).toList(),
                    "no temporary files left");
        }
    }

    @Test
    void summary_showsLossAccuracyAlphaAndSeconds() {
        EpochMetrics withDpn = new EpochMetrics(2, 0.12345, List.of(new ConditionAccuracy("clean", 971, 1000),
                new ConditionAccuracy("gaussian:0.3", 952, 1000)), 0.0123, 41.23);
        assertEquals("epoch 2/5  loss 0.1235  acc clean 97.10% gaussian:0.3 95.20%  alpha 0.01230  41.2 s",
                Trainer.summary(withDpn, 5));
        EpochMetrics without = new EpochMetrics(1, 1, List.of(new ConditionAccuracy("clean", 1, 2)), Double.NaN, 1);
        assertTrue(Trainer.summary(without, 1).contains("alpha -"), Trainer.summary(without, 1));
    }

    /** Replaces the features of one batch of one epoch by NaN. */
    private static final class PoisonedBatches implements DataSetIterator {
        private static final long serialVersionUID = 1L;
        private final DataSetIterator inner;
        private final int epoch;
        private final int batch;
        private int resets;
        private int served;

        PoisonedBatches(DataSetIterator inner, int epoch, int batch) {
            this.inner = inner;
            this.epoch = epoch;
            this.batch = batch;
        }

        @Override
        public void reset() {
            inner.reset();
            resets++;
            served = 0;
        }

        @Override
        public DataSet next() {
            DataSet ds = inner.next();
            served++;
            if (resets == epoch && served == batch) {
                ds.getFeatures().assign(Double.NaN);
            }
            return ds;
        }

        @Override
        public DataSet next(int num) {
            throw new UnsupportedOperationException("next(" + num + ")");
        }

        @Override
        public boolean hasNext() {
            return inner.hasNext();
        }

        @Override
        public int inputColumns() {
            return inner.inputColumns();
        }

        @Override
        public int totalOutcomes() {
            return inner.totalOutcomes();
        }

        @Override
        public boolean resetSupported() {
            return true;
        }

        @Override
        public boolean asyncSupported() {
            return false;
        }

        @Override
        public int batch() {
            return inner.batch();
        }

        @Override
        public void setPreProcessor(DataSetPreProcessor preProcessor) {
            throw new UnsupportedOperationException("setPreProcessor");
        }

        @Override
        public DataSetPreProcessor getPreProcessor() {
            return null;
        }

        @Override
        public List<String> getLabels() {
            return inner.getLabels();
        }
    }

    @Test
    void divergenceAdvice_mentionsStepsOnlyForANetworkWithADpn() {
        String dpn = new TrainingDivergedException(1, 2, 2, Double.NaN, List.of(), true).getMessage();
        String plain = new TrainingDivergedException(1, 2, 2, Double.NaN, List.of(), false).getMessage();
        assertTrue(dpn.endsWith("Try a smaller --learning-rate or fewer --steps."), dpn);
        assertTrue(plain.endsWith("Try a smaller --learning-rate."), plain);
    }
}
