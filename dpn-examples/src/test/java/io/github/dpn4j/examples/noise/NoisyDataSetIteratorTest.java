package io.github.dpn4j.examples.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dpn4j.examples.Tolerances;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class NoisyDataSetIteratorTest {

    /** Examples in the clean set; example {@code i} has label {@code i} and every pixel {@code (i + 1) / 20}. */
    private static final int EXAMPLES = 10;

    private static final int BATCH = 3;

    private static final long SEED = 11;

    /** Gaussian sigma small enough that the mean of a noisy row still identifies its example. */
    private static final double IDENTIFYING_SIGMA = 0.001;

    private static DataSet cleanSet() {
        INDArray features = Nd4j.create(DataType.FLOAT, EXAMPLES, 784);
        for (int i = 0; i < EXAMPLES; i++) {
            features.getRow(i).assign((i + 1) / 20.0);
        }
        return new DataSet(features, Nd4j.eye(EXAMPLES).castTo(DataType.FLOAT));
    }

    /** Example index of a batch row, from the mean of its (slightly noisy) pixels. */
    private static int exampleOf(INDArray row) {
        return (int) Math.round(row.meanNumber().doubleValue() * 20) - 1;
    }

    private static List<DataSet> epoch(NoisyDataSetIterator iterator) {
        List<DataSet> batches = new ArrayList<>();
        while (iterator.hasNext()) {
            batches.add(iterator.next());
        }
        iterator.reset();
        return batches;
    }

    private static int[] exampleOrder(List<DataSet> batches) {
        List<Integer> examples = new ArrayList<>();
        for (DataSet batch : batches) {
            for (int r = 0; r < batch.numExamples(); r++) {
                examples.add(exampleOf(batch.getFeatures().getRow(r)));
            }
        }
        return examples.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void coversEveryExampleOncePerEpoch_inBatchesOfThreeThenOne() {
        NoisyDataSetIterator iterator = new NoisyDataSetIterator(cleanSet(), BATCH,
                new GaussianNoise(IDENTIFYING_SIGMA), SEED, true);

        for (int e = 0; e < 3; e++) {
            List<DataSet> batches = epoch(iterator);
            int[] order = exampleOrder(batches);
            assertArrayEquals(new int[] {3, 3, 3, 1}, batches.stream().mapToInt(DataSet::numExamples).toArray());
            assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, Arrays.stream(order).sorted().toArray(),
                    "examples of epoch " + e + ": " + Arrays.toString(order));
        }
        assertEquals(3, iterator.epoch());
    }

    @Test
    void keepsLabelsClean_andAlignedWithTheirExamples() {
        NoisyDataSetIterator iterator = new NoisyDataSetIterator(cleanSet(), BATCH,
                new GaussianNoise(IDENTIFYING_SIGMA), SEED, true);

        for (DataSet batch : epoch(iterator)) {
            for (int r = 0; r < batch.numExamples(); r++) {
                int example = exampleOf(batch.getFeatures().getRow(r));
                assertEquals(cleanSet().getLabels().getRow(example), batch.getLabels().getRow(r), "row " + r);
            }
        }
    }

    @Test
    void drawsNewNoise_whenEpochChanges() {
        NoisyDataSetIterator iterator = new NoisyDataSetIterator(cleanSet(), BATCH, new GaussianNoise(0.1), SEED,
                false);

        List<DataSet> first = epoch(iterator);
        List<DataSet> second = epoch(iterator);

        for (int b = 0; b < first.size(); b++) {
            assertEquals(first.get(b).getLabels(), second.get(b).getLabels(), "same examples without shuffling");
            assertNotEquals(first.get(b).getFeatures(), second.get(b).getFeatures(), "noise of batch " + b);
        }
    }

    @Test
    void drawsDifferentNoise_forEachBatchOfAnEpoch() {
        DataSet uniform = new DataSet(Nd4j.valueArrayOf(new long[] {6, 784}, 0.5, DataType.FLOAT),
                Nd4j.zeros(DataType.FLOAT, 6, 2));
        NoisyDataSetIterator iterator = new NoisyDataSetIterator(uniform, 3, new GaussianNoise(0.1), SEED, false);

        assertNotEquals(iterator.next().getFeatures(), iterator.next().getFeatures());
    }

    @Test
    void repeatsWholeSequence_whenSeedRepeats() {
        NoisyDataSetIterator one = new NoisyDataSetIterator(cleanSet(), BATCH, new SaltPepperNoise(0.3), SEED, true);
        NoisyDataSetIterator two = new NoisyDataSetIterator(cleanSet(), BATCH, new SaltPepperNoise(0.3), SEED, true);
        NoisyDataSetIterator other = new NoisyDataSetIterator(cleanSet(), BATCH, new SaltPepperNoise(0.3), SEED + 1,
                true);

        for (int e = 0; e < 3; e++) {
            List<DataSet> expected = epoch(one);
            assertEquals(expected, epoch(two), "epoch " + e);
            assertNotEquals(expected, epoch(other), "epoch " + e + " with another seed");
        }
    }

    @Test
    void shufflesEachEpochAnew_whenShuffleOn_andKeepsFileOrderWhenOff() {
        NoisyDataSetIterator shuffled = new NoisyDataSetIterator(cleanSet(), BATCH, new NoNoise(), SEED, true);
        NoisyDataSetIterator ordered = new NoisyDataSetIterator(cleanSet(), BATCH, new NoNoise(), SEED, false);

        int[] firstOrder = exampleOrder(epoch(shuffled));
        int[] secondOrder = exampleOrder(epoch(shuffled));

        assertFalse(Arrays.equals(firstOrder, secondOrder), Arrays.toString(firstOrder));
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, exampleOrder(epoch(ordered)));
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, exampleOrder(epoch(ordered)));
    }

    @Test
    void keepsEpoch_whenResetBeforeFirstBatch() {
        NoisyDataSetIterator iterator = new NoisyDataSetIterator(cleanSet(), BATCH, new GaussianNoise(0.1), SEED, true);
        NoisyDataSetIterator resetFirst = new NoisyDataSetIterator(cleanSet(), BATCH, new GaussianNoise(0.1), SEED,
                true);

        resetFirst.reset();

        assertEquals(0, resetFirst.epoch());
        assertEquals(iterator.next(), resetFirst.next());
        resetFirst.reset();
        assertEquals(1, resetFirst.epoch());
    }

    @Test
    void throwsNoSuchElement_whenEpochIsOver() {
        NoisyDataSetIterator iterator = new NoisyDataSetIterator(cleanSet(), 5, new NoNoise(), SEED, true);
        iterator.next();
        iterator.next();

        NoSuchElementException e = assertThrows(NoSuchElementException.class, iterator::next);
        assertEquals("epoch 0 is over after 2 batches; call reset() to start the next one", e.getMessage());
    }

    @Test
    void leavesCleanDataUntouched_andIsolatedFromLaterChanges() {
        DataSet clean = cleanSet();
        NoisyDataSetIterator iterator = new NoisyDataSetIterator(clean, BATCH, new SaltPepperNoise(0.5), SEED, false);

        DataSet firstBatch = iterator.next();
        assertEquals(cleanSet(), clean);
        clean.getFeatures().assign(0);
        firstBatch.getFeatures().assign(0);
        firstBatch.getLabels().assign(0);
        iterator.reset();

        assertEquals(cleanSet().getLabels().getRow(0), iterator.next().getLabels().getRow(0));
    }

    @Test
    void reportsSizes_andAppliesPreProcessor() {
        NoisyDataSetIterator iterator = new NoisyDataSetIterator(cleanSet(), BATCH, new NoNoise(), SEED, false);
        iterator.setPreProcessor(batch -> batch.getFeatures().muli(2));

        assertEquals(784, iterator.inputColumns());
        assertEquals(EXAMPLES, iterator.totalOutcomes());
        assertEquals(BATCH, iterator.batch());
        assertTrue(iterator.resetSupported());
        assertEquals(0.1, iterator.next().getFeatures().getDouble(0, 0), Tolerances.FLOAT32);
    }

    @Test
    void rejectsArguments_namingTheValue() {
        IllegalArgumentException batch = assertThrows(IllegalArgumentException.class,
                () -> new NoisyDataSetIterator(cleanSet(), 0, new NoNoise(), SEED, true));
        DataSet mismatched = new DataSet(Nd4j.zeros(DataType.FLOAT, 4, 784), Nd4j.zeros(DataType.FLOAT, 3, 10));
        IllegalArgumentException rows = assertThrows(IllegalArgumentException.class,
                () -> new NoisyDataSetIterator(mismatched, 2, new NoNoise(), SEED, true));

        assertEquals("batchSize must be >= 1, got 0", batch.getMessage());
        assertTrue(rows.getMessage().contains("features [4, 784] and labels [3, 10]"), rows.getMessage());
    }

    @Test
    void drivesMultiLayerNetworkFit_oneEpochPerReset() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).updater(new Sgd(0.1)).list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(784).nOut(EXAMPLES)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();
        NoisyDataSetIterator iterator = new NoisyDataSetIterator(cleanSet(), BATCH, new GaussianNoise(0.1), SEED, true);

        network.fit(iterator, 2);

        assertEquals(8, network.getIterationCount(), "4 batches per epoch");
        assertEquals(1, iterator.epoch(), "fit resets only before its second epoch");
    }
}
