package io.github.dpn4j.examples.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dpn4j.examples.Tolerances;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

class LayerSeparationTest {

    @TempDir
    Path dir;

    @Test
    void markdownListsEveryLayerWithSeedColumns_andChartHasItsSize() throws Exception {
        DataSet data = TinyModels.data(40, 30, DataType.DOUBLE, 4);
        Map<String, INDArray> features = new LinkedHashMap<>();
        features.put(InspectedModel.INPUT, data.getFeatures());
        features.put("0: DenoisingPotential", data.getFeatures().mul(2).addi(1));
        features.put(InspectedModel.LOGITS, data.getFeatures().getColumns(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
        LayerSeparation separation = LayerSeparation.measure(features, TinyModels.classes(data.getLabels()));
        Map<String, SeedSeparation> quoted = Map.of(InspectedModel.INPUT, SeedSeparation.INPUT,
                InspectedModel.LOGITS, SeedSeparation.LOGITS);
        String table = separation.markdown(quoted);
        for (String layer : features.keySet()) {
            assertTrue(table.contains("| " + layer + " "), layer + " missing from\n" + table);
        }
        assertTrue(table.contains("seed D") && table.contains("2.14") && table.contains("9.53"), table);
        assertEquals(30, separation.width("0: DenoisingPotential"));
        // fuzziness is invariant to scaling and translation
        assertTrue(Tolerances.closeRelative(separation.stats("input").fuzziness(),
                separation.stats("0: DenoisingPotential").fuzziness(), Tolerances.INVARIANCE));
        Path png = dir.resolve("separation.png");
        separation.writeChart(png, "test", quoted);
        Pngs.assertSize(png, LayerSeparation.WIDTH, LayerSeparation.HEIGHT);
    }

    @Test
    void measure_rejectsRowMismatch_namingLayer() {
        Map<String, INDArray> features = Map.of("h", TinyModels.data(5, 3, DataType.DOUBLE, 1).getFeatures());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LayerSeparation.measure(features, new int[]{0, 1, 0, 1}));
        assertTrue(e.getMessage().contains("'h'") && e.getMessage().contains("4 labels"), e.getMessage());
    }
}
