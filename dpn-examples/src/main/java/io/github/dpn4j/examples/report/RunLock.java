package io.github.dpn4j.examples.report;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The lock a dpn command holds on a run directory while it writes there: the file {@value #FILE} inside the
 * directory, locked with the operating system's file lock ({@link FileChannel#tryLock()}), and holding the
 * holder's process id, command and start time so that a second writer can name it.
 *
 * <p>A run directory inside another (a comparison's runs, which the comparison replaces when it is re-run) is
 * locked together with the enclosing one, so nobody writes into a run that its enclosing run's writer is moving.
 *
 * <p><b>Stale locks:</b> the operating system releases a file lock when its process ends, however it ends
 * ({@code kill -9} included), so a lock left by a dead process never strands the directory: the next command takes
 * it over and reports the dead holder ({@link #previousHolder()}). The file itself stays (emptied on release):
 * deleting it would let two processes lock two different files of the same name.
 */
public final class RunLock implements AutoCloseable {

    /** Name of the lock file inside the run directory: {@value}. */
    public static final String FILE = ".dpn.lock";

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final String previousHolder;
    /** The lock of the run directory this one lies in, when that is a run directory too; else null. */
    private final RunLock enclosing;

    private RunLock(Path file, FileChannel channel, FileLock lock, String previousHolder, RunLock enclosing) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.previousHolder = previousHolder;
        this.enclosing = enclosing;
    }

    /**
     * Locks {@code dir} (which must exist) for this process, at once or not at all.
     *
     * @param dir     the run directory
     * @param command what holds the lock, shown to a second writer, e.g. {@code ./dpn train --config cnn}
     * @return the held lock; close it to release
     * @throws RunLockedException    if another process (or another command of this one) holds the lock
     * @throws AccessDeniedException if the directory is not writable
     * @throws IOException           on other I/O errors
     */
    public static RunLock acquire(Path dir, String command) throws IOException {
        Path parent = dir.toAbsolutePath().normalize().getParent();
        RunLock enclosing = null;
        if (parent != null && Files.isRegularFile(parent.resolve(FILE))) {
            // a run inside another (a comparison's): that run's writer replaces it on commit, so lock both
            enclosing = acquireOne(parent, command, null);
        }
        try {
            return acquireOne(dir, command, enclosing);
        } catch (IOException | RuntimeException e) {
            if (enclosing != null) {
                enclosing.close();
            }
            throw e;
        }
    }

    private static RunLock acquireOne(Path dir, String command, RunLock enclosing) throws IOException {
        Path file = dir.resolve(FILE);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (AccessDeniedException e) {
            throw new AccessDeniedException(dir.toString(), null, "permission denied (cannot write into it)");
        }
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;  // held by this JVM
            }
            if (lock == null) {
                String holder = read(channel);
                throw new RunLockedException(dir, holder.isBlank() ? "another dpn process" : holder);
            }
            String previous = read(channel);
            String me = "process " + ProcessHandle.current().pid() + " (" + command + ", since "
                    + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ")";
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(me.getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new RunLock(file, channel, lock, previous.isBlank() ? null : previous, enclosing);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static String read(FileChannel channel) throws IOException {
        long size = Math.min(channel.size(), 4096);
        ByteBuffer buffer = ByteBuffer.allocate((int) size);
        while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) > 0) {
            // read until full or end of file
        }
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).trim();
    }

    /**
     * @return the holder recorded by a process that ended without releasing the lock (killed or crashed), e.g.
     *         {@code process 1234 (./dpn train, since 2026-01-01T03:00:00Z)}; empty when the lock was free
     */
    public Optional<String> previousHolder() {
        return Optional.ofNullable(previousHolder);
    }

    /**
     * @return the line to tell the user when this lock was taken over from a dead process, e.g. {@code note:
     *         process 1234 (./dpn train, since …) ended without releasing runs/cnn (killed?); taking it over}
     */
    public Optional<String> takeOverNote() {
        return previousHolder().map(h -> "note: " + h + " ended without releasing " + file.getParent()
                + " (killed?); taking it over");
    }

    /** @return the lock file */
    public Path file() {
        return file;
    }

    /** Empties the lock file and releases the lock (and the enclosing run's). */
    @Override
    public void close() throws IOException {
        try {
            channel.truncate(0);
            lock.release();
        } finally {
            channel.close();
            if (enclosing != null) {
                enclosing.close();
            }
        }
    }

    /** A run directory is locked by another writer. */
    public static final class RunLockedException extends IOException {

        private static final long serialVersionUID = 1L;

        RunLockedException(Path dir, String holder) {
            super(dir + " is in use by " + holder + "; wait until it finishes, or write elsewhere");
        }
    }
}
