package io.github.dpn4j.examples.data;

import java.io.IOException;

/**
 * An IDX file (or a pair of them) whose content does not match the IDX format or each other: wrong magic
 * number, fewer or more bytes than the header promises, a corrupt gzip stream, image and label counts that
 * differ, or a label outside the class range. The message always names the file (or both files) and the
 * offending numbers.
 *
 * <p>A file that does not exist is not a format problem; {@link IdxReader} reports it with
 * {@link java.nio.file.NoSuchFileException}.
 */
public final class IdxFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong, naming the file and the expected and found values
     */
    public IdxFormatException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong, naming the file and the expected and found values
     * @param cause   the low-level error, e.g. a {@link java.util.zip.ZipException} from a corrupt gzip stream
     */
    public IdxFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
