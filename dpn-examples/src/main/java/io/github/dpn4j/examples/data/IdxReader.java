package io.github.dpn4j.examples.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads one file in the IDX format of the MNIST distribution: unsigned-byte images ({@code *-idx3-ubyte},
 * magic {@value #IMAGES_MAGIC}, dims {@code [N, rows, cols]}) or unsigned-byte labels ({@code *-idx1-ubyte},
 * magic {@value #LABELS_MAGIC}, dims {@code [N]}). Header integers are big-endian.
 *
 * <p>The file may be raw or gzipped; gzip is detected by its magic bytes {@code 0x1f 0x8b}, never by the
 * file name. Every size check is made on the uncompressed bytes.
 *
 * <p>Errors: a missing file or resource gives {@link NoSuchFileException} naming it; a wrong magic number,
 * a file shorter or longer than its header promises, or a corrupt gzip stream gives
 * {@link IdxFormatException} naming the file and the expected and found values.
 *
 * <p>A reader only holds where to read from; each {@code read*} call opens, reads and closes the file, so a
 * reader is immutable and can be used again.
 *
 * @see <a href="http://yann.lecun.com/exdb/mnist/">The MNIST database (format description at the bottom)</a>
 */
public final class IdxReader {

    /** Magic number of an unsigned-byte, 3-dimensional IDX file (images): {@code 0x00000803}. */
    public static final int IMAGES_MAGIC = 0x0803;

    /** Magic number of an unsigned-byte, 1-dimensional IDX file (labels): {@code 0x00000801}. */
    public static final int LABELS_MAGIC = 0x0801;

    private static final int GZIP_MAGIC_0 = 0x1f;
    private static final int GZIP_MAGIC_1 = 0x8b;
    private static final int BUFFER_BYTES = 1 << 16;

    /** {@code PIXEL_VALUES[b] = b / 255}, so that every byte maps to the same float everywhere. */
    private static final float[] PIXEL_VALUES = new float[256];

    static {
        for (int b = 0; b < PIXEL_VALUES.length; b++) {
            PIXEL_VALUES[b] = b / 255f;
        }
    }

    /** Opens the raw (possibly gzipped) bytes of the source. */
    @FunctionalInterface
    private interface Opener {
        InputStream open() throws IOException;
    }

    /** Header dims and the body bytes of one IDX file. */
    private record Content(int[] dims, byte[] body) {
    }

    private final String source;
    private final Opener opener;

    private IdxReader(String source, Opener opener) {
        this.source = source;
        this.opener = opener;
    }

    /**
     * A reader for a file on disk. Nothing is opened until a {@code read*} method is called.
     *
     * @param file an IDX file, raw or gzipped
     * @return a reader whose {@link #source()} is {@code file.toString()}
     */
    public static IdxReader of(Path file) {
        Objects.requireNonNull(file, "file");
        String source = file.toString();
        return new IdxReader(source, () -> {
            try {
                return Files.newInputStream(file);
            } catch (NoSuchFileException e) {
                throw new NoSuchFileException(source, null, "IDX file does not exist");
            }
        });
    }

    /**
     * A reader for a classpath resource, resolved like {@link Class#getResourceAsStream(String)}: a name
     * without a leading {@code /} is relative to the package of {@code anchor}.
     *
     * @param anchor       class whose class loader and package locate the resource
     * @param resourceName resource name, e.g. {@code "mnist-npm10k/train-images-idx3-ubyte.gz"}
     * @return a reader whose {@link #source()} is {@code "classpath:/<absolute resource name>"}
     */
    public static IdxReader ofResource(Class<?> anchor, String resourceName) {
        Objects.requireNonNull(anchor, "anchor");
        Objects.requireNonNull(resourceName, "resourceName");
        String absolute = resourceName.startsWith("/")
                ? resourceName
                : "/" + anchor.getPackageName().replace('.', '/') + "/" + resourceName;
        String source = "classpath:" + absolute;
        return new IdxReader(source, () -> {
            InputStream in = anchor.getResourceAsStream(absolute);
            if (in == null) {
                throw new NoSuchFileException(source, null, "IDX resource is not on the classpath");
            }
            return in;
        });
    }

    /**
     * @return the file path or classpath resource this reader reads, as used in error messages
     */
    public String source() {
        return source;
    }

    /**
     * Reads an image file (magic {@value #IMAGES_MAGIC}).
     *
     * @return pixels {@code [N, rows, cols]}, float32, c-order, each byte {@code b} scaled to {@code b/255}
     *         in {@code [0, 1]}
     * @throws NoSuchFileException if the file or resource does not exist
     * @throws IdxFormatException  if the magic is not {@value #IMAGES_MAGIC}, the file is shorter or longer
     *                             than {@code 16 + N*rows*cols} bytes, or the gzip stream is corrupt
     * @throws IOException         on other read errors
     */
    public INDArray readImages() throws IOException {
        Content content = read(IMAGES_MAGIC);
        byte[] body = content.body();
        float[] pixels = new float[body.length];
        for (int i = 0; i < body.length; i++) {
            pixels[i] = PIXEL_VALUES[body[i] & 0xff];
        }
        long[] shape = Arrays.stream(content.dims()).asLongStream().toArray();
        return Nd4j.create(pixels, shape, 'c');
    }

    /**
     * Reads a label file (magic {@value #LABELS_MAGIC}).
     *
     * @return labels {@code [N]}, each in {@code 0..255} (the class range is checked by
     *         {@link #readDataSet(IdxReader, IdxReader, int)})
     * @throws NoSuchFileException if the file or resource does not exist
     * @throws IdxFormatException  if the magic is not {@value #LABELS_MAGIC}, the file is shorter or longer
     *                             than {@code 8 + N} bytes, or the gzip stream is corrupt
     * @throws IOException         on other read errors
     */
    public int[] readLabels() throws IOException {
        byte[] body = read(LABELS_MAGIC).body();
        int[] labels = new int[body.length];
        for (int i = 0; i < body.length; i++) {
            labels[i] = body[i] & 0xff;
        }
        return labels;
    }

    /**
     * Reads an image file and its label file into one data set.
     *
     * @param images     reader of an image file with {@code N} images of {@code rows x cols}
     * @param labels     reader of a label file with {@code N} labels, each in {@code 0..numClasses-1}
     * @param numClasses number of classes {@code K}, at least 1 (10 for MNIST)
     * @return features {@code [N, rows*cols]} float32 in {@code [0, 1]}, each row one image in row-major order;
     *         labels one-hot {@code [N, K]} float32
     * @throws IdxFormatException if either file is malformed, the image and label counts differ (the message
     *                            names both files and both counts), or a label is outside {@code 0..K-1}
     * @throws IOException        on other read errors, including a missing file
     */
    public static DataSet readDataSet(IdxReader images, IdxReader labels, int numClasses) throws IOException {
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be >= 1, got " + numClasses);
        }
        INDArray pixels = images.readImages();
        int[] classes = labels.readLabels();
        long count = pixels.size(0);
        if (count != classes.length) {
            throw new IdxFormatException("image and label counts differ: " + images.source() + " holds " + count
                    + " images but " + labels.source() + " holds " + classes.length + " labels");
        }
        float[] oneHot = new float[classes.length * numClasses];
        for (int i = 0; i < classes.length; i++) {
            if (classes[i] >= numClasses) {
                throw new IdxFormatException(labels.source() + ": label " + classes[i] + " at index " + i
                        + " is outside the class range 0.." + (numClasses - 1));
            }
            oneHot[i * numClasses + classes[i]] = 1f;
        }
        INDArray features = pixels.reshape('c', count, pixels.size(1) * pixels.size(2));
        INDArray targets = Nd4j.create(oneHot, new long[] {classes.length, numClasses}, 'c');
        return new DataSet(features, targets);
    }

    private Content read(int expectedMagic) throws IOException {
        try (InputStream raw = new BufferedInputStream(opener.open(), BUFFER_BYTES)) {
            boolean gzipped = startsWithGzipMagic(raw);
            try (InputStream in = gzipped ? new GZIPInputStream(raw, BUFFER_BYTES) : raw) {
                return readContent(in, expectedMagic, gzipped);
            }
        } catch (ZipException | EOFException e) {
            // GZIPInputStream reports a cut or damaged gzip stream this way; IdxFormatException is neither
            throw new IdxFormatException(source + ": corrupt gzip stream: " + e.getMessage(), e);
        }
    }

    private static boolean startsWithGzipMagic(InputStream in) throws IOException {
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return b0 == GZIP_MAGIC_0 && b1 == GZIP_MAGIC_1;
    }

    private Content readContent(InputStream in, int expectedMagic, boolean gzipped) throws IOException {
        String bytesNote = gzipped ? " (uncompressed)" : "";
        byte[] magicBytes = in.readNBytes(Integer.BYTES);
        if (magicBytes.length < Integer.BYTES) {
            throw new IdxFormatException(source + ": truncated IDX file: expected at least " + Integer.BYTES
                    + " header bytes" + bytesNote + ", found " + magicBytes.length + " bytes");
        }
        int magic = ByteBuffer.wrap(magicBytes).getInt();
        if (magic != expectedMagic) {
            throw new IdxFormatException(source + ": wrong IDX magic number: expected " + expectedMagic
                    + " (" + kind(expectedMagic) + "), found " + magic + " (" + kind(magic) + ")");
        }
        int rank = magic & 0xff;
        int headerBytes = Integer.BYTES * (1 + rank);
        byte[] dimBytes = in.readNBytes(Integer.BYTES * rank);
        if (dimBytes.length < Integer.BYTES * rank) {
            throw new IdxFormatException(source + ": truncated IDX file: expected " + headerBytes
                    + " header bytes" + bytesNote + ", found " + (Integer.BYTES + dimBytes.length) + " bytes");
        }
        ByteBuffer dimBuffer = ByteBuffer.wrap(dimBytes);
        int[] dims = new int[rank];
        long bodyBytes = 1;
        for (int d = 0; d < rank; d++) {
            dims[d] = dimBuffer.getInt();
            if (dims[d] < 0) {
                throw new IdxFormatException(source + ": IDX dimension " + d + " is " + Integer.toUnsignedLong(dims[d])
                        + ", larger than " + Integer.MAX_VALUE);
            }
            bodyBytes *= dims[d];
            if (bodyBytes > Integer.MAX_VALUE - headerBytes) {
                throw new IdxFormatException(source + ": IDX dims " + dimsText(dims, d + 1)
                        + " promise more than " + Integer.MAX_VALUE + " bytes, too many to hold in memory");
            }
        }
        long expectedBytes = headerBytes + bodyBytes;
        byte[] body = in.readNBytes((int) bodyBytes);
        if (body.length < bodyBytes) {
            throw new IdxFormatException(source + ": truncated IDX file: header dims " + dimsText(dims, rank)
                    + " promise " + expectedBytes + " bytes" + bytesNote + ", found " + (headerBytes + body.length) + " bytes");
        }
        if (in.read() != -1) {
            throw new IdxFormatException(source + ": IDX file is longer than its header promises: header dims "
                    + dimsText(dims, rank) + " promise " + expectedBytes + " bytes" + bytesNote + ", found more");
        }
        return new Content(dims, body);
    }

    private static String kind(int magic) {
        switch (magic) {
            case IMAGES_MAGIC:
                return "idx3-ubyte images";
            case LABELS_MAGIC:
                return "idx1-ubyte labels";
            default:
                return String.format("0x%08x", magic);
        }
    }

    private static String dimsText(int[] dims, int count) {
        return Arrays.stream(dims, 0, count).mapToObj(Integer::toString).collect(Collectors.joining(" x "));
    }
}
