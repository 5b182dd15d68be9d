package io.github.dpn4j.examples.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dpn4j.examples.configs.ExampleConfig;
import io.github.dpn4j.examples.configs.RunConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Run directories: staged writes, the swap, the lock, foreign directories (issue 12, cases 1–4). */
class StagedRunTest {

    private static final String OLD_CONFIG = RunConfig.defaults(ExampleConfig.CNN).toJson();
    private static final String NEW_CONFIG = RunConfig.defaults(ExampleConfig.CNN_DPN).toJson();

    @TempDir
    Path tmp;

    /** A finished cnn run, analysed (it has an analysis picture). */
    private Path oldRun() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(dir.resolve(RunDirectory.CONFIG), OLD_CONFIG);
        Files.writeString(dir.resolve(RunDirectory.MODEL), "old model");
        Files.writeString(dir.resolve(RunDirectory.REPORT), "# dpn4j run `run`\n");
        Files.writeString(dir.resolve("separation.png"), "old picture");
        return dir;
    }

    /** Every file under {@code dir} (relative path to content), the lock file left out. */
    private static Map<String, String> contents(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isRegularFile(p) && !p.getFileName().toString().equals(RunLock.FILE)) {
                    files.put(dir.relativize(p).toString(), Files.readString(p));
                }
            }
        }
        return files;
    }

    @Test
    void failedRun_leavesThePreviousRunAsItWas() throws IOException {
        Path dir = oldRun();
        Map<String, String> before = contents(dir);
        try (StagedRun staged = RunDirectory.stage(dir, false, "test")) {
            staged.run().writeConfig(RunConfig.defaults(ExampleConfig.CNN_DPN));
            assertEquals(before, contents(dir).entrySet().stream().filter(e -> !e.getKey().startsWith(".partial"))
                    .collect(TreeMap::new, (m, e) -> m.put(e.getKey(), e.getValue()), Map::putAll),
                    "untouched while the new run is written");
            // no commit: the run failed
        }
        assertEquals(before, contents(dir));
        assertFalse(Files.exists(dir.resolve(StagedRun.STAGING)));
    }

    @Test
    void commit_replacesTheWholeRun_includingAnotherConfigsAnalysisPictures() throws IOException {
        Path dir = oldRun();
        try (StagedRun staged = RunDirectory.stage(dir, false, "test")) {
            staged.run().writeConfig(RunConfig.defaults(ExampleConfig.CNN_DPN));
            Files.writeString(staged.run().model(), "new model");
            staged.commit();
        }
        assertEquals(Map.of(RunDirectory.CONFIG, NEW_CONFIG, RunDirectory.MODEL, "new model"), contents(dir));
        try (Stream<Path> entries = Files.list(dir)) {
            assertEquals(List.of(RunLock.FILE, RunDirectory.CONFIG, RunDirectory.MODEL),
                    entries.map(p -> p.getFileName().toString()).sorted().toList(), "no staging left");
        }
    }

    @Test
    void secondWriter_failsAtOnce_namingTheHolder() throws IOException {
        Path dir = oldRun();
        try (StagedRun first = RunDirectory.stage(dir, false, "./dpn train --name run")) {
            RunLock.RunLockedException e = assertThrows(RunLock.RunLockedException.class,
                    () -> RunDirectory.stage(dir, false, "./dpn compare"));
            assertTrue(e.getMessage().startsWith(dir + " is in use by process " + ProcessHandle.current().pid()
                    + " (./dpn train --name run, since "), e.getMessage());
            assertThrows(RunLock.RunLockedException.class, () -> RunLock.acquire(dir, "./dpn analyze"));
        }
        try (StagedRun again = RunDirectory.stage(dir, false, "test")) {
            assertTrue(again.notes().isEmpty(), "released cleanly: " + again.notes());
        }
    }

    @Test
    void killedWriter_doesNotStrandTheDirectory() throws Exception {
        Path dir = oldRun();
        Map<String, String> before = contents(dir);
        String java = ProcessHandle.current().info().command().orElse("java");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(java, "-cp", classpath, LockHoldingProcess.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8));
            String line;
            StringBuilder output = new StringBuilder();
            while ((line = lines.readLine()) != null && !line.equals(LockHoldingProcess.READY)) {
                output.append(line).append('\n');
            }
            assertEquals(LockHoldingProcess.READY, line, "the child did not lock:\n" + output);
            RunLock.RunLockedException held = assertThrows(RunLock.RunLockedException.class,
                    () -> RunDirectory.stage(dir, false, "test"));
            assertTrue(held.getMessage().contains("process " + child.pid() + " (lock-holding test process"),
                    held.getMessage());
        } finally {
            child.destroyForcibly();  // SIGKILL: no shutdown hook, no release
            child.waitFor();
        }
        try (StagedRun staged = RunDirectory.stage(dir, false, "test")) {
            String notes = String.join("\n", staged.notes());
            assertTrue(notes.contains("process " + child.pid() + " (lock-holding test process"), notes);
            assertTrue(notes.contains("deleted " + dir.resolve(StagedRun.STAGING)), notes);
        }
        assertEquals(before, contents(dir), "the killed run never replaced the previous one");
    }

    @Test
    void foreignDirectory_isRefused_beforeAnythingIsWritten() throws IOException {
        Path project = Files.createDirectories(tmp.resolve("myproj"));
        Files.writeString(project.resolve(RunDirectory.CONFIG), "{\"mine\": true}");
        Files.writeString(project.resolve(RunDirectory.REPORT), "# My project\n");
        Files.createDirectories(project.resolve("src"));
        Map<String, String> before = contents(project);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunDirectory.stage(project, false, "test"));
        assertTrue(e.getMessage().startsWith(project + " is not a dpn run directory (it holds config.json, "
                + "report.md, src); "), e.getMessage());
        assertTrue(e.getMessage().contains("--force"), e.getMessage());
        assertEquals(before, contents(project));
        assertFalse(Files.exists(project.resolve(RunLock.FILE)), "nothing created");
    }

    @Test
    void foreignDirectory_forced_replacesOnlyTheRunsOwnNames() throws IOException {
        Path project = Files.createDirectories(tmp.resolve("myproj"));
        Files.writeString(project.resolve(RunDirectory.CONFIG), "{\"mine\": true}");
        Files.writeString(project.resolve("notes.txt"), "mine");
        Files.writeString(project.resolve("logo.png"), "mine");
        try (StagedRun staged = RunDirectory.stage(project, true, "test")) {
            staged.run().writeConfig(RunConfig.defaults(ExampleConfig.CNN_DPN));
            staged.commit();
        }
        assertEquals(Map.of(RunDirectory.CONFIG, NEW_CONFIG, "notes.txt", "mine", "logo.png", "mine"),
                contents(project));
    }

    @Test
    void fileInTheWay_isRefused() throws IOException {
        Path file = Files.writeString(tmp.resolve("run"), "x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunDirectory.stage(file, true, "test"));
        assertEquals(file + " exists and is not a directory", e.getMessage());
    }

    @Test
    void comparisonDirectory_isARun() throws IOException {
        Path cmp = Files.createDirectories(tmp.resolve("compare"));
        Files.writeString(cmp.resolve(RunDirectory.REPORT), RunReport.TITLE_PREFIX + "comparison `compare`\n");
        for (String sub : List.of("cnn", "cnn-dpn")) {
            Files.writeString(Files.createDirectories(cmp.resolve(sub)).resolve(RunDirectory.CONFIG), OLD_CONFIG);
        }
        assertEquals(List.of(), RunDirectory.foreignEntries(cmp));
        Files.writeString(cmp.resolve("cnn").resolve("notes.txt"), "mine");
        assertEquals(List.of("cnn"), RunDirectory.foreignEntries(cmp));
    }

    @Test
    void commitCutShort_isFinishedByTheNextWriter() throws IOException {
        // the state a commit leaves when killed after moving the previous run aside, before moving the new one up
        Path dir = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(Files.createDirectories(dir.resolve(StagedRun.PREVIOUS)).resolve(RunDirectory.MODEL), "old");
        Path staging = Files.createDirectories(dir.resolve(StagedRun.STAGING));
        Files.writeString(staging.resolve(RunDirectory.CONFIG), NEW_CONFIG);
        Files.writeString(staging.resolve(RunDirectory.MODEL), "new model");
        try (StagedRun staged = RunDirectory.stage(dir, false, "test")) {
            assertTrue(String.join("\n", staged.notes()).contains("finished swapping in"), staged.notes().toString());
        }
        assertEquals(Map.of(RunDirectory.CONFIG, NEW_CONFIG, RunDirectory.MODEL, "new model"), contents(dir));
    }

    @Test
    void runInsideAComparison_isLockedWithIt() throws IOException {
        Path cmp = Files.createDirectories(tmp.resolve("compare"));
        try (StagedRun comparison = RunDirectory.stage(cmp, false, "./dpn compare")) {
            comparison.run().subRun("cnn").writeConfig(RunConfig.defaults(ExampleConfig.CNN));
            comparison.run().writeReport(RunReport.TITLE_PREFIX + "comparison `compare`\n");
            comparison.commit();
            RunLock.RunLockedException e = assertThrows(RunLock.RunLockedException.class,
                    () -> RunLock.acquire(cmp.resolve("cnn"), "./dpn analyze --model compare/cnn"));
            assertTrue(e.getMessage().startsWith(cmp.toAbsolutePath().normalize() + " is in use by process "),
                    e.getMessage());
        }
        try (RunLock analyze = RunLock.acquire(cmp.resolve("cnn"), "./dpn analyze --model compare/cnn")) {
            assertThrows(RunLock.RunLockedException.class, () -> RunDirectory.stage(cmp, false, "./dpn compare"));
        }
    }
}
