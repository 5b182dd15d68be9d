package io.github.dpn4j.examples.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dpn4j.layer.Precision;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;

class AnalysisReportTest {

    @TempDir
    Path dir;

    private static AnalysisSettings settings(boolean seed) {
        return new AnalysisSettings.Builder().examples(60).trajectoryExamples(4).denoisingExamples(3)
                .seedConfiguration(seed).build();
    }

    @Test
    void sectionListsEveryLayerAndPicture_pixelDpn() throws Exception {
        InspectedModel model = InspectedModel.of(TinyModels.dpnFirst(PicturesFixture.WIDTH,
                TinyModels.dpn(4, 3, Precision.FULL), DataType.FLOAT));
        AnalysisReport report = AnalysisReport.run(model, PicturesFixture.data(80), settings(true), "test run", dir);
        String md = report.markdown();
        for (String row : List.of("input", "0: DenoisingPotential", "1: OutputLayer", "logits")) {
            assertTrue(md.contains("| " + row + " "), row + " missing from\n" + md);
        }
        assertTrue(md.startsWith(AnalysisReport.BEGIN) && md.trim().endsWith(AnalysisReport.END), md);
        assertTrue(md.contains("seed D"), md);
        List<String> names = report.pictures().stream().map(p -> p.getFileName().toString())
                .collect(Collectors.toList());
        assertEquals(List.of(AnalysisReport.SEPARATION, AnalysisReport.TRAJECTORIES, AnalysisReport.ASCENT,
                AnalysisReport.COMPOSITION, AnalysisReport.CENTERS, AnalysisReport.SPECTRUM, AnalysisReport.HEATMAP,
                AnalysisReport.DENOISING), names);
        for (Path png : report.pictures()) {
            Pngs.readDrawn(png);
            assertTrue(md.contains("](" + png.getFileName() + ")"), png + " not linked");
        }
    }

    @Test
    void separationAndDenoisingOnly_withoutPotential() throws Exception {
        InspectedModel model = InspectedModel.of(TinyModels.plain(PicturesFixture.WIDTH, 6, DataType.FLOAT));
        AnalysisReport report = AnalysisReport.run(model, PicturesFixture.data(30), settings(false), "plain", dir);
        assertEquals(List.of(dir.resolve(AnalysisReport.SEPARATION), dir.resolve(AnalysisReport.DENOISING)),
                report.pictures());
        assertTrue(!report.markdown().contains("seed D") && !report.markdown().contains("DPN layer"));
    }

    @Test
    void examplesCapped_whenAscentExceedsBudget() throws Exception {
        InspectedModel model = InspectedModel.of(TinyModels.dpnFirst(PicturesFixture.WIDTH,
                TinyModels.dpn(2, 1, Precision.DIAGONAL), DataType.FLOAT));
        AnalysisSettings tight = new AnalysisSettings.Builder().examples(500).trajectoryExamples(2)
                .denoisingExamples(2).potentialFlopBudget(1).build();
        String md = AnalysisReport.run(model, PicturesFixture.data(300), tight, "capped", dir).markdown();
        assertTrue(md.contains("**Capped:** " + AnalysisReport.MIN_EXAMPLES + " of the 300"), md);
    }

    @Test
    void appendTo_replacesEarlierSection() throws Exception {
        Path file = dir.resolve("report.md");
        Files.writeString(file, "# run\n\nresults\n", StandardCharsets.UTF_8);
        InspectedModel model = InspectedModel.of(TinyModels.plain(PicturesFixture.WIDTH, 3, DataType.FLOAT));
        AnalysisReport report = AnalysisReport.run(model, PicturesFixture.data(20), settings(false), "once", dir);
        report.appendTo(file);
        report.appendTo(file);
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("# run\n\nresults\n\n" + AnalysisReport.BEGIN), text);
        assertEquals(text.indexOf(AnalysisReport.BEGIN), text.lastIndexOf(AnalysisReport.BEGIN), text);
    }
}
