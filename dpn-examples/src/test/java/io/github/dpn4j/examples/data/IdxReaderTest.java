package io.github.dpn4j.examples.data;

import static io.github.dpn4j.examples.data.IdxFixtures.gzip;
import static io.github.dpn4j.examples.data.IdxFixtures.idx;
import static io.github.dpn4j.examples.data.IdxFixtures.images;
import static io.github.dpn4j.examples.data.IdxFixtures.labels;
import static io.github.dpn4j.examples.data.IdxFixtures.ramp;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

class IdxReaderTest {

    @TempDir
    Path dir;

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private static void assertMessageContains(Exception e, Object... parts) {
        for (Object part : parts) {
            assertTrue(e.getMessage().contains(String.valueOf(part)),
                    () -> "message should contain '" + part + "': " + e.getMessage());
        }
    }

    private static void assertPixels(INDArray pixels, long[] shape, byte[] bytes) {
        assertEquals(DataType.FLOAT, pixels.dataType());
        assertArrayEquals(shape, pixels.shape());
        float[] expected = new float[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            expected[i] = (bytes[i] & 0xff) / 255f;
        }
        assertArrayEquals(expected, pixels.dup('c').data().asFloat());
    }

    @Test
    void readsGzippedImages_whenMagicValid() throws IOException {
        byte[] pixels = ramp(3 * 2 * 4, 250);
        Path file = write("train-images-idx3-ubyte.gz", gzip(images(2, 4, pixels)));

        assertPixels(IdxReader.of(file).readImages(), new long[] {3, 2, 4}, pixels);
    }

    @Test
    void readsRawImages_whenMagicValid() throws IOException {
        byte[] pixels = ramp(2 * 3 * 3, 100);
        Path file = write("train-images-idx3-ubyte", images(3, 3, pixels));

        assertPixels(IdxReader.of(file).readImages(), new long[] {2, 3, 3}, pixels);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readsLabels_whenRawOrGzipped(boolean gzipped) throws IOException {
        byte[] raw = labels(7, 0, 9, 255);
        Path file = write("labels-idx1-ubyte", gzipped ? gzip(raw) : raw);

        assertArrayEquals(new int[] {7, 0, 9, 255}, IdxReader.of(file).readLabels());
    }

    @Test
    void detectsGzip_byMagicBytesNotByName() throws IOException {
        byte[] pixels = ramp(4, 0);
        Path gzippedWithoutSuffix = write("images-idx3-ubyte", gzip(images(2, 2, pixels)));
        Path rawWithSuffix = write("images-idx3-ubyte.gz", images(2, 2, pixels));

        assertPixels(IdxReader.of(gzippedWithoutSuffix).readImages(), new long[] {1, 2, 2}, pixels);
        assertPixels(IdxReader.of(rawWithSuffix).readImages(), new long[] {1, 2, 2}, pixels);
    }

    @Test
    void scalesPixels_byteOver255() throws IOException {
        Path file = write("images", images(1, 3, new byte[] {0, 51, (byte) 255}));

        assertArrayEquals(new float[] {0f, 0.2f, 1f}, IdxReader.of(file).readImages().data().asFloat());
    }

    @Test
    void readsResource_fromClasspath() throws IOException {
        IdxReader reader = IdxReader.ofResource(MnistData.class, "mnist-npm10k/t10k-labels-idx1-ubyte.gz");

        assertEquals(2000, reader.readLabels().length);
        assertEquals("classpath:/io/github/dpn4j/examples/data/mnist-npm10k/t10k-labels-idx1-ubyte.gz",
                reader.source());
    }

    @Test
    void rejectsImages_whenMagicIsThatOfLabels() throws IOException {
        Path file = write("train-labels-idx1-ubyte", labels(1, 2, 3));

        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.of(file).readImages());
        assertMessageContains(e, file, "expected 2051", "found 2049");
    }

    @Test
    void rejectsLabels_whenMagicUnknown() throws IOException {
        Path file = write("labels.gz", gzip(idx(0x0c01, new int[] {1}, new byte[4])));

        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.of(file).readLabels());
        assertMessageContains(e, file, "expected 2049", "found " + 0x0c01);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void rejectsImages_whenTruncated(boolean gzipped) throws IOException {
        byte[] complete = images(2, 2, ramp(3 * 2 * 2, 0)); // 16 + 12 = 28 bytes
        byte[] cut = Arrays.copyOf(complete, 26);
        Path file = write("images-idx3-ubyte", gzipped ? gzip(cut) : cut);

        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.of(file).readImages());
        assertMessageContains(e, file, "3 x 2 x 2", "promise 28 bytes", "found 26 bytes");
    }

    @Test
    void rejectsLabels_whenHeaderTruncated() throws IOException {
        Path file = write("labels", Arrays.copyOf(labels(1, 2), 6));

        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.of(file).readLabels());
        assertMessageContains(e, file, "expected 8 header bytes", "found 6 bytes");
    }

    @Test
    void rejectsFile_whenLongerThanHeaderPromises() throws IOException {
        byte[] complete = labels(1, 2);
        Path file = write("labels", Arrays.copyOf(complete, complete.length + 1));

        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.of(file).readLabels());
        assertMessageContains(e, file, "longer than its header promises", "promise 10 bytes");
    }

    @Test
    void rejectsFile_whenGzipStreamCut() throws IOException {
        byte[] gz = gzip(images(2, 2, ramp(400, 0)));
        Path file = write("images.gz", Arrays.copyOf(gz, gz.length / 2));

        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.of(file).readImages());
        assertMessageContains(e, file, "corrupt gzip stream");
    }

    @Test
    void rejectsFile_whenMissing() {
        Path file = dir.resolve("t10k-images-idx3-ubyte.gz");

        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> IdxReader.of(file).readImages());
        assertMessageContains(e, file, "does not exist");
    }

    @Test
    void rejectsResource_whenMissing() {
        IdxReader reader = IdxReader.ofResource(MnistData.class, "no-such-folder/images.gz");

        NoSuchFileException e = assertThrows(NoSuchFileException.class, reader::readImages);
        assertMessageContains(e, "/io/github/dpn4j/examples/data/no-such-folder/images.gz");
    }

    @Test
    void readsDataSet_withRowMajorFeaturesAndOneHotLabels() throws IOException {
        byte[] pixels = ramp(2 * 2 * 3, 10);
        Path imageFile = write("images", images(2, 3, pixels));
        Path labelFile = write("labels", labels(2, 0));

        DataSet data = IdxReader.readDataSet(IdxReader.of(imageFile), IdxReader.of(labelFile), 3);

        assertPixels(data.getFeatures(), new long[] {2, 6}, pixels);
        assertEquals(DataType.FLOAT, data.getLabels().dataType());
        assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0}, data.getLabels().dup('c').data().asFloat());
    }

    @Test
    void rejectsDataSet_whenCountsDiffer() throws IOException {
        Path imageFile = write("train-images-idx3-ubyte", images(2, 2, ramp(3 * 4, 0)));
        Path labelFile = write("train-labels-idx1-ubyte", labels(1, 2));

        IdxFormatException e = assertThrows(IdxFormatException.class,
                () -> IdxReader.readDataSet(IdxReader.of(imageFile), IdxReader.of(labelFile), 10));
        assertMessageContains(e, imageFile, "3 images", labelFile, "2 labels");
    }

    @Test
    void rejectsDataSet_whenLabelOutsideClassRange() throws IOException {
        Path imageFile = write("images", images(1, 1, ramp(2, 0)));
        Path labelFile = write("labels", labels(1, 10));

        IdxFormatException e = assertThrows(IdxFormatException.class,
                () -> IdxReader.readDataSet(IdxReader.of(imageFile), IdxReader.of(labelFile), 10));
        assertMessageContains(e, labelFile, "label 10 at index 1", "0..9");
    }
}
