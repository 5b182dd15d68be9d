package io.github.dpn4j.examples.analysis;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dpn4j.examples.Tolerances;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

class RowSpaceCoordinatesTest {

    @Test
    void separationStatsUnchanged_wideFeatures() {
        DataSet data = TinyModels.data(20, 45, DataType.DOUBLE, 7);
        int[] classOf = TinyModels.classes(data.getLabels());
        INDArray reduced = RowSpaceCoordinates.of(data.getFeatures());
        assertTrue(reduced.columns() <= 20, "reduced width " + reduced.columns());
        SeparationStats wide = SeparationStats.of(data.getFeatures(), classOf);
        SeparationStats narrow = SeparationStats.of(reduced, classOf);
        assertClose(wide.fuzziness(), narrow.fuzziness(), "fuzziness");
        assertClose(wide.betweenWithinRatio(), narrow.betweenWithinRatio(), "B/W");
        assertClose(wide.meanClassMeanDistance(), narrow.meanClassMeanDistance(), "class-mean distance");
        assertClose(wide.withinTrace(), narrow.withinTrace(), "Tr SS_w");
        for (int i = 0; i < 2; i++) {
            assertClose(wide.explainedVariance()[i], narrow.explainedVariance()[i], "explained variance " + i);
        }
    }

    @Test
    void returnsFeaturesThemselves_notWiderThanRows() {
        INDArray features = TinyModels.data(12, 12, DataType.DOUBLE, 1).getFeatures();
        assertSame(features, RowSpaceCoordinates.of(features));
    }

    private static void assertClose(double expected, double actual, String what) {
        assertTrue(Tolerances.closeRelative(expected, actual, Tolerances.ROW_SPACE),
                what + ": expected " + expected + ", got " + actual);
    }
}
