package io.github.dpn4j.examples.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dpn4j.examples.Tolerances;
import io.github.dpn4j.layer.Potential;
import io.github.dpn4j.layer.Precision;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/** Each picture class writes a readable, drawn PNG of the expected size on a tiny DPN. */
class PicturesTest {

    @TempDir
    Path dir;

    @Test
    void trajectoryPicture_writesPathsAndSteps() throws Exception {
        Potential p = PicturesFixture.potential(Precision.FULL);
        DataSet data = PicturesFixture.data(30);
        INDArray clean = data.getFeatures().getRows(0, 1, 2, 3, 4);
        INDArray noisy = clean.add(0.1);
        TrajectoryPicture t = TrajectoryPicture.ascend(p, clean, noisy, new int[]{0, 1, 2, 3, 4});
        assertEquals(p.steps(), t.trajectory().steps());
        assertEquals(10, t.trajectory().point(0).rows());
        assertArrayEquals(new long[]{5, PicturesFixture.WIDTH}, t.noisyEnd().shape());
        Path paths = dir.resolve("trajectories.png");
        t.writePaths(PrincipalComponents.fit(data.getFeatures(), 2), p.centers(), "paths", paths);
        Pngs.assertSize(paths, TrajectoryPicture.PATHS_WIDTH, TrajectoryPicture.PATHS_HEIGHT);
        Path steps = dir.resolve("ascent.png");
        t.writeSteps("steps", steps);
        Pngs.assertSize(steps, TrajectoryPicture.STEPS_WIDTH, TrajectoryPicture.STEPS_HEIGHT);
        String table = t.markdown();
        assertTrue(table.contains("| clean ") && table.contains("| noisy "), table);
    }

    @Test
    void centerPictureAndComposition_pixelDpn() throws Exception {
        Potential p = PicturesFixture.potential(Precision.FULL);
        DataSet data = PicturesFixture.data(40);
        CenterComposition composition = CenterComposition.measure(p, data.getFeatures(),
                TinyModels.classes(data.getLabels()), TinyModels.CLASSES);
        for (int i = 0; i < composition.components(); i++) {
            double sum = 0;
            for (int c = 0; c < TinyModels.CLASSES; c++) {
                sum += composition.share(i, c);
            }
            assertEquals(1.0, sum, Tolerances.HAND_COMPUTED, "shares of component " + i);
        }
        String table = composition.markdown(CenterPicture.mixtureWeights(p));
        for (int i = 0; i < p.components(); i++) {
            assertTrue(table.contains("\n| " + i + " "), "component " + i + " missing from\n" + table);
        }
        Path chart = dir.resolve("composition.png");
        composition.writeChart("composition", chart);
        Pngs.assertSize(chart, CenterComposition.WIDTH, CenterComposition.HEIGHT);
        assertTrue(CenterPicture.applies(p));
        Path centers = dir.resolve("centers.png");
        int[] size = CenterPicture.write(p, composition, "centers", centers);
        Pngs.assertSize(centers, size[0], size[1]);
        // every center is a tile of side·SCALE screen pixels, at most COLUMNS to a row
        int tile = PicturesFixture.SIDE * CenterPicture.SCALE;
        int columns = Math.min(p.components(), CenterPicture.COLUMNS);
        int rows = (p.components() + CenterPicture.COLUMNS - 1) / CenterPicture.COLUMNS;
        assertTrue(size[0] >= columns * tile && size[1] >= rows * tile, size[0] + " x " + size[1]);
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void precisionSpectrumAndHeatmap_eachPrecision(Precision precision) throws Exception {
        Potential p = PicturesFixture.potential(precision);
        PrecisionSpectrum spectrum = PrecisionSpectrum.of(p);
        double[] values = spectrum.eigenvalues(0);
        assertEquals(PicturesFixture.WIDTH, values.length);
        for (int j = 1; j < values.length; j++) {
            assertTrue(values[j] <= values[j - 1], "not descending at " + j);
        }
        // trace of A^T A = sum of eigenvalues
        INDArray precision0 = p.precisions().slice(0);
        double trace = 0;
        double sum = 0;
        for (int j = 0; j < values.length; j++) {
            trace += precision0.getDouble(j, j);
            sum += values[j];
        }
        assertTrue(Tolerances.closeRelative(trace, sum, Tolerances.FLOAT32_SPECTRUM),
                "trace " + trace + " vs eigenvalue sum " + sum);
        Path chart = dir.resolve("spectrum.png");
        spectrum.writeChart("spectrum", chart);
        Pngs.assertSize(chart, PrecisionSpectrum.WIDTH, PrecisionSpectrum.HEIGHT);
        assertTrue(spectrum.markdown().contains("| " + (p.components() - 1) + " "), spectrum.markdown());
        Path heatmap = dir.resolve("heatmap.png");
        PrecisionHeatmap.write(p, spectrum.heaviestComponent(), "heatmap", heatmap);
        Pngs.readDrawn(heatmap);
    }

    @Test
    void denoisingPicture_threeRows() throws Exception {
        // three examples, each row one uniform grey, so that its images can be found in the picture
        INDArray grey = PicturesFixture.data(3).getFeatures().assign(0.25);
        List<DenoisingPicture.Row> rows = List.of(new DenoisingPicture.Row("clean", grey, new int[]{0, 1, 5}),
                new DenoisingPicture.Row("noisy", grey.add(0.5), new int[]{0, 2, 2}),
                new DenoisingPicture.Row("after", grey.mul(2), null));
        Path png = dir.resolve("denoising.png");
        int[] size = DenoisingPicture.write(rows, new int[]{0, 1, 2}, "denoising", png);
        java.awt.image.BufferedImage image = Pngs.readDrawn(png);
        assertEquals(size[0], image.getWidth());
        assertEquals(size[1], image.getHeight());
        // each row's three images, side·SCALE screen pixels square (less a frame line on each edge)
        int inside = PicturesFixture.SIDE * DenoisingPicture.SCALE - 2;
        ColourScale scale = new ColourScale(0, 1, ColourScale.Palette.GREY);
        for (double value : new double[]{0.25, 0.75, 0.5}) {
            int drawn = Pngs.count(image, scale.colour(value));
            assertTrue(drawn >= 3 * inside * inside, drawn + " pixels of value " + value);
        }
    }
}
