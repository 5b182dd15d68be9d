package io.github.dpn4j.examples.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.zip.GZIPOutputStream;

/** Builds tiny IDX files in memory for the reader tests. */
final class IdxFixtures {

    private IdxFixtures() {
    }

    /**
     * @return an IDX file: big-endian {@code magic}, then each dim, then {@code body}
     */
    static byte[] idx(int magic, int[] dims, byte[] body) {
        ByteBuffer buffer = ByteBuffer.allocate(Integer.BYTES * (1 + dims.length) + body.length);
        buffer.putInt(magic);
        for (int dim : dims) {
            buffer.putInt(dim);
        }
        return buffer.put(body).array();
    }

    /**
     * @return an image file of {@code pixels.length / (rows * cols)} images
     */
    static byte[] images(int rows, int cols, byte[] pixels) {
        return idx(IdxReader.IMAGES_MAGIC, new int[] {pixels.length / (rows * cols), rows, cols}, pixels);
    }

    /**
     * @return a label file holding {@code labels}
     */
    static byte[] labels(int... labels) {
        byte[] body = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            body[i] = (byte) labels[i];
        }
        return idx(IdxReader.LABELS_MAGIC, new int[] {labels.length}, body);
    }

    /**
     * @return {@code n} bytes counting up from {@code first}, wrapping at 256
     */
    static byte[] ramp(int n, int first) {
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
            bytes[i] = (byte) (first + i);
        }
        return bytes;
    }

    static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
