package io.github.dpn4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.github.dpn4j.examples.analysis.AnalysisReport;
import io.github.dpn4j.examples.analysis.Pngs;
import io.github.dpn4j.examples.analysis.TinyModels;
import io.github.dpn4j.examples.report.RunDirectory;
import io.github.dpn4j.examples.report.RunLock;
import io.github.dpn4j.layer.Precision;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import picocli.CommandLine;

class AnalyzeCommandTest {

    private static final int PIXELS = 784;

    @TempDir
    Path dir;

    private int analyze(StringWriter out, String... args) {
        CommandLine cl = new CommandLine(new AnalyzeCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(out));
        return cl.execute(args);
    }

    private Path save(Model model) throws Exception {
        Path run = Files.createDirectories(dir.resolve("run"));
        ModelSerializer.writeModel(model, run.resolve(RunDirectory.MODEL).toFile(), false);
        Files.writeString(run.resolve(RunDirectory.REPORT), "# dpn4j run `run`\n", StandardCharsets.UTF_8);
        return run;
    }

    @Test
    void writesReportSectionAndEveryPicture_pixelDpnModel() throws Exception {
        Path run = save(TinyModels.dpnFirst(PIXELS, TinyModels.dpn(3, 2, Precision.DIAGONAL), DataType.FLOAT));
        StringWriter out = new StringWriter();
        int code = analyze(out, "--model", run.resolve(RunDirectory.MODEL).toString(), "--examples", "100",
                "--trajectory-examples", "3");
        assertEquals(0, code, out.toString());
        String report = Files.readString(run.resolve(RunDirectory.REPORT), StandardCharsets.UTF_8);
        assertTrue(report.startsWith("# dpn4j run `run`\n\n" + AnalysisReport.BEGIN), report);
        for (String png : List.of(AnalysisReport.SEPARATION, AnalysisReport.TRAJECTORIES, AnalysisReport.ASCENT,
                AnalysisReport.COMPOSITION, AnalysisReport.CENTERS, AnalysisReport.SPECTRUM, AnalysisReport.HEATMAP,
                AnalysisReport.DENOISING)) {
            Pngs.readDrawn(run.resolve(png));
            assertTrue(report.contains("](" + png + ")"), png + " not linked in\n" + report);
        }
        assertTrue(report.contains("--examples 100"), "command missing from\n" + report);
    }

    @Test
    void separationOnly_modelWithoutPotential() throws Exception {
        Path run = save(TinyModels.plain(PIXELS, 8, DataType.FLOAT));
        StringWriter out = new StringWriter();
        assertEquals(0, analyze(out, "--model", run.toString(), "--examples", "50"), out.toString());
        assertTrue(Files.isRegularFile(run.resolve(AnalysisReport.SEPARATION)));
        assertTrue(!Files.exists(run.resolve(AnalysisReport.TRAJECTORIES)));
        String report = Files.readString(run.resolve(RunDirectory.REPORT), StandardCharsets.UTF_8);
        assertTrue(report.contains("| logits "), report);
    }

    @Test
    void lockedRun_failsAtOnce_namingTheHolder() throws Exception {
        Path run = save(TinyModels.plain(PIXELS, 8, DataType.FLOAT));
        try (RunLock lock = RunLock.acquire(run, "./dpn train --name run")) {
            DpnTest.Output r = DpnTest.dpn(List.of("analyze", "--model", run.toString()));
            assertEquals(Dpn.EXIT_ERROR, r.exitCode());
            assertTrue(r.err().startsWith("dpn: " + run + " is in use by process " + ProcessHandle.current().pid()
                    + " (./dpn train --name run, since "), r.err());
            assertFalse(Files.exists(run.resolve(AnalysisReport.SEPARATION)));
        }
    }

    @Test
    void unwritableTarget_failsBeforeTheWork_withAMessageNotATrace() throws Exception {
        Path run = save(TinyModels.plain(PIXELS, 8, DataType.FLOAT));
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        DpnTest.Output r = DpnTest.dpn(List.of("analyze", "--model", run.toString(), "--out",
                file.resolve("pictures").toString()));
        assertEquals(Dpn.EXIT_ERROR, r.exitCode());
        assertTrue(r.err().matches("dpn: [^\n]+: " + java.util.regex.Pattern.quote(file.resolve("pictures").toString())
                + "\n"), "one line naming the path, no stack trace: " + r.err());
    }

    @Test
    void readOnlyRun_saysPermissionDenied_beforeTheWork() throws Exception {
        assumeFalse("root".equals(System.getProperty("user.name")), "root may write into read-only directories");
        Path run = save(TinyModels.plain(PIXELS, 8, DataType.FLOAT));
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            DpnTest.Output r = DpnTest.dpn(List.of("analyze", "--model", run.toString()));
            assertEquals(Dpn.EXIT_ERROR, r.exitCode());
            assertEquals("dpn: permission denied (cannot write into it): " + run + "\n", r.err());
        } finally {
            Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}
