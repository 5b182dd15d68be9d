package io.github.dpn4j.examples.data;

import static io.github.dpn4j.examples.data.IdxFixtures.gzip;
import static io.github.dpn4j.examples.data.IdxFixtures.images;
import static io.github.dpn4j.examples.data.IdxFixtures.labels;
import static io.github.dpn4j.examples.data.IdxFixtures.ramp;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

class MnistDataTest {

    private static final String README = "/io/github/dpn4j/examples/data/mnist-npm10k/README.md";

    private static MnistData embedded;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadEmbedded() {
        embedded = MnistData.embedded();
    }

    /** Reads "| split | count | c0 c1 ... c9 |" from the embedded README: count, then the class counts. */
    private static int[] readmeRow(String split) throws IOException {
        try (InputStream in = MnistDataTest.class.getResourceAsStream(README)) {
            List<String> lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .filter(line -> line.startsWith("| " + split + " |")).collect(Collectors.toList());
            assertEquals(1, lines.size(), "README rows for split " + split + ": " + lines);
            String[] cells = lines.get(0).split("\\|");
            String numbers = cells[2].trim() + " " + cells[3].trim();
            return Arrays.stream(numbers.split("\\s+")).mapToInt(Integer::parseInt).toArray();
        }
    }

    private static int[] countAndClassCounts(DataSet split) {
        int[] result = new int[1 + MnistData.CLASSES];
        result[0] = split.numExamples();
        double[] perClass = split.getLabels().sum(0).toDoubleVector();
        for (int c = 0; c < perClass.length; c++) {
            result[1 + c] = (int) Math.round(perClass[c]);
        }
        return result;
    }

    @Test
    void embeddedHasReadmeCountsAndClassCounts_8000TrainAnd2000Test() throws IOException {
        assertArrayEquals(readmeRow("train"), countAndClassCounts(embedded.train()));
        assertArrayEquals(readmeRow("test (t10k)"), countAndClassCounts(embedded.test()));
        assertEquals(8000, embedded.numTrain());
        assertEquals(2000, embedded.numTest());
    }

    @Test
    void embeddedFeaturesAreFloat784InUnitInterval_andLabelsOneHot() {
        for (DataSet split : List.of(embedded.train(), embedded.test())) {
            INDArray features = split.getFeatures();
            INDArray labels = split.getLabels();
            assertEquals(DataType.FLOAT, features.dataType());
            assertEquals(DataType.FLOAT, labels.dataType());
            assertArrayEquals(new long[] {split.numExamples(), MnistData.PIXELS}, features.shape());
            assertArrayEquals(new long[] {split.numExamples(), MnistData.CLASSES}, labels.shape());
            assertEquals(0.0, features.minNumber().doubleValue());
            assertEquals(1.0, features.maxNumber().doubleValue());
            assertEquals(split.numExamples(), labels.sumNumber().doubleValue());
            assertEquals(1.0, labels.max(1).minNumber().doubleValue());
        }
    }

    @Test
    void embeddedDescription_namesSubsetAndCounts() {
        assertEquals("embedded mnist-npm10k (8000 train / 2000 test)", embedded.description());
    }

    @Test
    void accessorsReturnCopies_soChangesDoNotLeak() {
        embedded.train().getFeatures().assign(-1);
        embedded.test().getLabels().assign(-1);

        assertEquals(0.0, embedded.train().getFeatures().minNumber().doubleValue());
        assertEquals(0.0, embedded.test().getLabels().minNumber().doubleValue());
    }

    @Test
    void limitKeepsFirstExamples_andSaysSoInDescription() {
        MnistData small = embedded.limit(5, 3);

        assertEquals(5, small.numTrain());
        assertEquals(3, small.numTest());
        assertEquals(embedded.train().getRange(0, 5), small.train());
        assertEquals(embedded.test().getRange(0, 3), small.test());
        assertEquals("embedded mnist-npm10k (first 5 of 8000 train / first 3 of 2000 test)", small.description());
    }

    @Test
    void limitKeepsAll_whenMaxExceedsSize() {
        MnistData all = embedded.limit(10_000, 2000);

        assertEquals(8000, all.numTrain());
        assertEquals(2000, all.numTest());
        assertEquals("embedded mnist-npm10k (8000 train / 2000 test)", all.description());
    }

    @Test
    void limitRejects_whenMaxBelowOne() {
        IllegalArgumentException train = assertThrows(IllegalArgumentException.class, () -> embedded.limit(0, 5));
        IllegalArgumentException test = assertThrows(IllegalArgumentException.class, () -> embedded.limit(5, -2));

        assertEquals("maxTrain must be >= 1, got 0", train.getMessage());
        assertEquals("maxTest must be >= 1, got -2", test.getMessage());
    }

    private void writeStandardFiles(int side) throws IOException {
        int pixels = side * side;
        Files.write(dir.resolve(MnistData.TRAIN_IMAGES + ".gz"), gzip(images(side, side, ramp(3 * pixels, 0))));
        Files.write(dir.resolve(MnistData.TRAIN_LABELS), labels(4, 0, 9));
        Files.write(dir.resolve(MnistData.TEST_IMAGES), images(side, side, ramp(2 * pixels, 7)));
        Files.write(dir.resolve(MnistData.TEST_LABELS + ".gz"), gzip(labels(1, 1)));
    }

    @Test
    void fromDirectoryReadsStandardFiles_rawOrGzipped() throws IOException {
        writeStandardFiles(MnistData.IMAGE_SIDE);

        MnistData data = MnistData.fromDirectory(dir);

        assertEquals(dir + " (3 train / 2 test)", data.description());
        assertArrayEquals(new long[] {3, MnistData.PIXELS}, data.train().getFeatures().shape());
        assertArrayEquals(new long[] {2, MnistData.CLASSES}, data.test().getLabels().shape());
        assertEquals(7 / 255f, data.test().getFeatures().getFloat(0, 0));
        assertArrayEquals(new double[] {0, 0, 0, 0, 1, 0, 0, 0, 0, 0},
                data.train().getLabels().getRow(0).toDoubleVector());
    }

    @Test
    void fromDirectoryNamesMissingFilesAndDirectory_whenFileMissing() throws IOException {
        writeStandardFiles(MnistData.IMAGE_SIDE);
        Files.delete(dir.resolve(MnistData.TEST_IMAGES));

        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> MnistData.fromDirectory(dir));
        String message = e.getMessage();
        assertTrue(message.contains("t10k-images-idx3-ubyte or t10k-images-idx3-ubyte.gz"), message);
        assertTrue(message.contains(dir.toAbsolutePath().toString()), message);
        assertTrue(!message.contains("looked for train-images"), message);
    }

    @Test
    void fromDirectoryRejects_whenDirectoryMissing() {
        Path missing = dir.resolve("fashion-mnist");

        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> MnistData.fromDirectory(missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void fromDirectoryRejects_whenImagesAreNot28x28() throws IOException {
        writeStandardFiles(5);

        IdxFormatException e = assertThrows(IdxFormatException.class, () -> MnistData.fromDirectory(dir));
        assertTrue(e.getMessage().contains("images have 25 pixels, expected 28 x 28 = 784"), e.getMessage());
        assertTrue(e.getMessage().contains(MnistData.TRAIN_IMAGES), e.getMessage());
    }

    @Test
    void fromDirectory_namesOnlyTheFileOfTheWrongSize() throws IOException {
        writeStandardFiles(MnistData.IMAGE_SIDE);
        Files.write(dir.resolve(MnistData.TEST_IMAGES), images(10, 10, ramp(2 * 100, 7)));

        IdxFormatException e = assertThrows(IdxFormatException.class, () -> MnistData.fromDirectory(dir));
        assertEquals(dir.resolve(MnistData.TEST_IMAGES) + ": images have 100 pixels, expected 28 x 28 = 784",
                e.getMessage());
    }
}
