package io.github.dpn4j.examples.cli;

import static io.github.dpn4j.examples.cli.DpnTest.dpn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dpn4j.examples.report.RunDirectory;
import io.github.dpn4j.examples.ui.PotentialModule;
import io.github.dpn4j.examples.ui.TrainingStats;
import io.github.dpn4j.examples.ui.TrainingUi;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.core.storage.StatsStorage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training run records DL4J's stats and the DPN listener's measurements (log, metrics.csv columns, chart, stats
 * file), and DL4J's UI server shows them: the DPN page lists the listener's series and the DPN parameters.
 * The browser check is {@code dpn-examples/ui-check.sh}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrainingStatsTest {

    @TempDir
    static Path runs;

    private Path dir;

    @BeforeAll
    void train() {
        List<String> args = new ArrayList<>(List.of("train", "--config", "cnn-dpn", "--runs", runs.toString(),
                "--name", "stats", "--stats-every", "1"));
        args.addAll(DpnTest.TINY);
        DpnTest.Output r = dpn(args);
        assertEquals(0, r.exitCode(), r.err());
        dir = runs.resolve("stats");
    }

    @Test
    void run_writesListenerLogMetricsColumnsAndChart() throws IOException {
        // 192 examples in batches of 64, measured every iteration
        List<String> log = Files.readAllLines(dir.resolve(RunDirectory.POTENTIAL_LOG));
        assertEquals(3, log.size(), String.join("\n", log));
        assertTrue(log.get(0).startsWith("dpn it 0 ep 0: alpha "), log.get(0));
        assertTrue(log.get(0).endsWith(", 2 steps"), log.get(0));

        List<String> metrics = Files.readAllLines(dir.resolve(RunDirectory.METRICS));
        assertTrue(metrics.get(0).endsWith(",alpha,seconds,potential_before,potential_after,step_length,entropy,steps"),
                metrics.get(0));
        String[] row = metrics.get(1).split(",", -1);
        assertEquals("2", row[row.length - 1]);
        for (int i = row.length - 5; i < row.length; i++) {
            assertTrue(Double.isFinite(Double.parseDouble(row[i])), metrics.get(1));
        }
        assertTrue(Files.size(dir.resolve(RunDirectory.POTENTIAL_CHART)) > 0);
        assertTrue(Files.readString(dir.resolve(RunDirectory.REPORT)).contains("| phi before | phi after |"));
    }

    @Test
    void uiServer_showsTheListenersSeriesAndTheDpnParameters() throws Exception {
        StatsStorage storage = TrainingStats.open(dir);
        TrainingUi ui = TrainingUi.start(0);
        try {
            ui.attach(storage);
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + ui.port();
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + PotentialModule.PATH))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            for (String part : new String[]{"<span id='session'>stats</span>", "Layer dpn", "alpha (step size)",
                    "mean potential phi", "before the ascent", "after the ascent", "mean step length",
                    "responsibility entropy (nats)", "steps taken", "<td>5_mu</td>", "<td>5_A</td>", "<td>5_c</td>",
                    "<td>5_alpha</td>"}) {
                assertTrue(page.body().contains(part), part + " missing from\n" + page.body());
            }
            HttpResponse<String> overview = http.send(HttpRequest.newBuilder(URI.create(base + "/train/overview"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, overview.statusCode());
        } finally {
            ui.stop();
            storage.close();
        }
    }
}
