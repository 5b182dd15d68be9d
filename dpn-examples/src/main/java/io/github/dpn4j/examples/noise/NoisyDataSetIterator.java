package io.github.dpn4j.examples.noise;

import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.SplittableRandom;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Iterates over a clean data set in minibatches, corrupting the features of each batch with a
 * {@link NoiseModel} and leaving the labels clean.
 *
 * <p>Every epoch sees new noise, yet the whole sequence is fixed by one seed:
 * <ul>
 *   <li>the order of epoch {@code e} is a Fisher-Yates shuffle seeded from {@code (seed, e)} (or file order when
 *       shuffling is off);</li>
 *   <li>batch {@code b} of epoch {@code e} is corrupted with a seed derived from {@code (seed, e, b)}.</li>
 * </ul>
 * Epoch {@code e} is the number of {@link #reset()} calls made after at least one batch had been served, so a
 * reset before the first batch of an epoch (as DL4J's {@code fit} may do) changes nothing.
 *
 * <p>Each epoch yields every example exactly once, in batches of {@link #batch()} examples and a smaller last
 * batch when the count does not divide. Batches are new arrays: callers may modify them. The clean data are
 * copied at construction.
 *
 * <p><b>Not thread-safe</b>, and {@link #asyncSupported()} is {@code false}: the work per batch is small.
 */
public final class NoisyDataSetIterator implements DataSetIterator {

    private static final long serialVersionUID = 1L;

    /** Batch index used to derive the shuffle seed of an epoch; real batch indices are {@code >= 0}. */
    private static final int SHUFFLE_STREAM = -1;

    /** 2^64 / golden ratio, the SplitMix64 increment. */
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private final INDArray features;
    private final INDArray labels;
    private final int batchSize;
    private final NoiseModel noise;
    private final long seed;
    private final boolean shuffle;

    private int epoch;
    private int cursor;
    private int batchIndex;
    private int[] order;
    private DataSetPreProcessor preProcessor;

    /**
     * @param clean     features {@code [N, P]} (for the MNIST noises {@code P = 784}, values in {@code [0, 1]}) and
     *                  labels {@code [N, K]}, {@code N >= 1}; copied
     * @param batchSize examples per batch, at least 1
     * @param noise     noise applied to the features of each batch; {@link NoNoise} for clean training
     * @param seed      seed of the shuffles and of the noise of every batch
     * @param shuffle   whether each epoch visits the examples in a new random order (otherwise file order)
     */
    public NoisyDataSetIterator(DataSet clean, int batchSize, NoiseModel noise, long seed, boolean shuffle) {
        Objects.requireNonNull(clean, "clean");
        this.noise = Objects.requireNonNull(noise, "noise");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        INDArray cleanFeatures = clean.getFeatures();
        INDArray cleanLabels = clean.getLabels();
        if (cleanFeatures == null || cleanLabels == null || cleanFeatures.rank() != 2 || cleanLabels.rank() != 2
                || cleanFeatures.rows() != cleanLabels.rows() || cleanFeatures.rows() < 1) {
            throw new IllegalArgumentException("clean data must have features [N, P] and labels [N, K] with N >= 1, got "
                    + "features " + shapeOf(cleanFeatures) + " and labels " + shapeOf(cleanLabels));
        }
        this.features = cleanFeatures.dup('c');
        this.labels = cleanLabels.dup('c');
        this.batchSize = batchSize;
        this.seed = seed;
        this.shuffle = shuffle;
        this.order = orderOf(0);
    }

    private static String shapeOf(INDArray array) {
        return array == null ? "null" : Arrays.toString(array.shape());
    }

    /**
     * Seed of the noise of one batch: SplitMix64 mixing of {@code (seed, epoch, batch)}, so that nearby inputs
     * give unrelated seeds.
     *
     * @param seed  the iterator's seed
     * @param epoch epoch index, from 0
     * @param batch batch index within the epoch, from 0 ({@value #SHUFFLE_STREAM} for the shuffle of the epoch)
     * @return the derived seed
     */
    static long derivedSeed(long seed, int epoch, int batch) {
        long mixed = mix(seed);
        mixed = mix(mixed + GOLDEN_GAMMA * (epoch + 1L));
        return mix(mixed + GOLDEN_GAMMA * (batch + 2L));
    }

    /** SplitMix64 finaliser (Steele, Lea and Flood 2014, variant 13 of Stafford's mixers). */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private int[] orderOf(int epochIndex) {
        int n = numExamples();
        int[] indices = new int[n];
        Arrays.setAll(indices, i -> i);
        if (shuffle) {
            SplittableRandom random = new SplittableRandom(derivedSeed(seed, epochIndex, SHUFFLE_STREAM));
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int swap = indices[i];
                indices[i] = indices[j];
                indices[j] = swap;
            }
        }
        return indices;
    }

    /**
     * @return the current epoch, from 0
     */
    public int epoch() {
        return epoch;
    }

    /**
     * @return number of examples {@code N} per epoch
     */
    public int numExamples() {
        return (int) features.rows();
    }

    /**
     * @return the noise applied to the features
     */
    public NoiseModel noise() {
        return noise;
    }

    @Override
    public boolean hasNext() {
        return cursor < numExamples();
    }

    /**
     * @return the next batch of {@link #batch()} examples (fewer at the end of an epoch): noisy features
     *         {@code [B, P]}, clean labels {@code [B, K]}
     * @throws NoSuchElementException at the end of an epoch; call {@link #reset()}
     */
    @Override
    public DataSet next() {
        return next(batchSize);
    }

    /**
     * @param num most examples in this batch, at least 1; the batch still counts as one batch index for the noise
     *            seed
     * @return the next batch of {@code min(num, remaining)} examples: noisy features, clean labels
     * @throws NoSuchElementException at the end of an epoch; call {@link #reset()}
     */
    @Override
    public DataSet next(int num) {
        if (num < 1) {
            throw new IllegalArgumentException("num must be >= 1, got " + num);
        }
        if (!hasNext()) {
            throw new NoSuchElementException("epoch " + epoch + " is over after " + batchIndex
                    + " batches; call reset() to start the next one");
        }
        int count = Math.min(num, numExamples() - cursor);
        int[] rows = Arrays.copyOfRange(order, cursor, cursor + count);
        INDArray cleanBatch = Nd4j.pullRows(features, 1, rows);
        INDArray noisyBatch = noise.apply(cleanBatch, derivedSeed(seed, epoch, batchIndex));
        DataSet batch = new DataSet(noisyBatch, Nd4j.pullRows(labels, 1, rows));
        cursor += count;
        batchIndex++;
        if (preProcessor != null) {
            preProcessor.preProcess(batch);
        }
        return batch;
    }

    /**
     * Starts the next epoch, with a new order (if shuffling) and new noise. Does nothing before the first batch
     * of an epoch has been served.
     */
    @Override
    public void reset() {
        if (batchIndex == 0) {
            return;
        }
        epoch++;
        cursor = 0;
        batchIndex = 0;
        order = orderOf(epoch);
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
        return batchSize;
    }

    @Override
    public int inputColumns() {
        return (int) features.columns();
    }

    @Override
    public int totalOutcomes() {
        return (int) labels.columns();
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    /**
     * @return {@code null}: the clean data carry no class names
     */
    @Override
    public List<String> getLabels() {
        return null;
    }

    @Override
    public String toString() {
        return "NoisyDataSetIterator[examples=" + numExamples() + ", batch=" + batchSize + ", noise="
                + noise.describe() + ", seed=" + seed + ", shuffle=" + shuffle + ", epoch=" + epoch + "]";
    }
}
