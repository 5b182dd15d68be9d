package io.github.dpn4j.examples.report;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A new run being written into a run directory ({@link RunDirectory#stage}), while the directory's lock is held.
 *
 * <p><b>Design.</b> The new run is written into {@value #STAGING}, a subdirectory of the run directory, beside the
 * previous run's files, which stay untouched (and readable, e.g. by {@code evaluate}) until {@link #commit()}. The
 * commit then (1) moves the previous run's entries into {@value #MOVING}, renamed to {@value #PREVIOUS} once all are
 * there, (2) moves the new run's entries up out of {@value #STAGING}, (3) deletes {@value #PREVIOUS}. Every step is
 * a rename inside one directory, and each state tells how far the commit got, so a commit cut short (power loss,
 * {@code kill -9}) is finished by the next command that stages the directory. Closing without a commit (the run
 * failed) deletes {@value #STAGING}: the previous run is as it was. A process killed before its commit leaves its
 * {@value #STAGING} (with its last per-epoch model) until the next run in the directory deletes it.
 *
 * <p>A directory that is not a run directory ({@link RunDirectory#foreignEntries}) is refused unless forced; forced,
 * only its entries of the names the new run writes are replaced, the others stay.
 */
public final class StagedRun implements AutoCloseable {

    /** Subdirectory the new run is written into: {@value}. */
    public static final String STAGING = ".partial";
    /** Subdirectory the previous run moves into during a commit: {@value}. */
    public static final String MOVING = ".previous.moving";
    /** {@value #MOVING} once the previous run is all in it: {@value}. */
    public static final String PREVIOUS = ".previous";

    private final Path target;
    private final RunLock lock;
    private final boolean replaceAll;
    private final List<String> notes;
    private boolean committed;

    private StagedRun(Path target, RunLock lock, boolean replaceAll, List<String> notes) {
        this.target = target;
        this.lock = lock;
        this.replaceAll = replaceAll;
        this.notes = List.copyOf(notes);
    }

    /**
     * @param name an entry of a run directory
     * @return true for the lock and the staging entries, which are not part of a run
     */
    static boolean isBookkeeping(String name) {
        return name.equals(RunLock.FILE) || name.equals(STAGING) || name.equals(MOVING) || name.equals(PREVIOUS);
    }

    static StagedRun begin(Path target, boolean force, String command) throws IOException {
        check(target, force);  // before anything is created or locked
        Files.createDirectories(target);
        RunLock lock = RunLock.acquire(target, command);
        try {
            List<String> notes = new ArrayList<>();
            lock.takeOverNote().ifPresent(notes::add);
            boolean replaceAll = check(target, force);  // again, now that nobody else writes there
            if (Files.exists(target.resolve(MOVING)) || Files.exists(target.resolve(PREVIOUS))) {
                finishCommit(target, replaceAll);
                notes.add("note: finished swapping in the run whose commit was cut short in " + target);
            }
            Path staging = target.resolve(STAGING);
            if (Files.exists(staging)) {
                deleteRecursively(staging);
                notes.add("note: deleted " + staging + ", left by a run that did not finish");
            }
            Files.createDirectory(staging);
            return new StagedRun(target, lock, replaceAll, notes);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** @return true when the whole directory may be replaced, false for a forced foreign directory */
    private static boolean check(Path target, boolean force) throws IOException {
        if (!Files.exists(target)) {
            return true;
        }
        if (!Files.isDirectory(target)) {
            throw new IllegalArgumentException(target + " exists and is not a directory");
        }
        List<String> foreign = RunDirectory.foreignEntries(target);
        if (foreign.isEmpty()) {
            return true;
        }
        if (!force) {
            throw new IllegalArgumentException(target + " is not a dpn run directory (it holds "
                    + String.join(", ", foreign.subList(0, Math.min(5, foreign.size())))
                    + (foreign.size() > 5 ? ", …" : "") + "); write elsewhere (--runs, --name), or add --force to "
                    + "write the run into it, replacing its files of the names a run writes (config.json, "
                    + "report.md, model.zip, …) and keeping the others");
        }
        return false;
    }

    /** @return what the caller should tell the user (a stale lock taken over, leftovers cleaned up) */
    public List<String> notes() {
        return notes;
    }

    /** @return the run directory the run is swapped into */
    public Path target() {
        return target;
    }

    /** @return the run's name (the run directory's name), for reports */
    public String name() {
        return target.toAbsolutePath().normalize().getFileName().toString();
    }

    /** @return where to write the new run until {@link #commit()} */
    public RunDirectory run() {
        return new RunDirectory(target.resolve(STAGING));
    }

    /**
     * Swaps the new run in: the previous run's entries are deleted (all of them; for a forced foreign directory only
     * those of the new run's names) and the new run's moved into the run directory.
     *
     * @throws IOException on I/O errors; the next {@link RunDirectory#stage} of the directory finishes the commit
     */
    public void commit() throws IOException {
        finishCommit(target, replaceAll);
        committed = true;
    }

    private static void finishCommit(Path target, boolean replaceAll) throws IOException {
        Path staging = target.resolve(STAGING);
        Path moving = target.resolve(MOVING);
        Path previous = target.resolve(PREVIOUS);
        if (!Files.exists(previous)) {
            Files.createDirectories(moving);
            Set<String> incoming = new HashSet<>(names(staging));
            for (String name : names(target)) {
                if (!isBookkeeping(name) && (replaceAll || incoming.contains(name))) {
                    move(target.resolve(name), moving.resolve(name));
                }
            }
            move(moving, previous);
        }
        for (String name : names(staging)) {
            move(staging.resolve(name), target.resolve(name));
        }
        Files.deleteIfExists(staging);
        deleteRecursively(previous);
    }

    private static List<String> names(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Without a commit, deletes the staged run (the previous run is as it was); releases the lock. */
    @Override
    public void close() throws IOException {
        try {
            if (!committed) {
                deleteRecursively(target.resolve(STAGING));
            }
        } finally {
            lock.close();
        }
    }

    @Override
    public String toString() {
        return target.toString();
    }
}
