package io.github.dpn4j.layer;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.iterator.TestDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KMeansInitTest {

    private static final double[][] TRUE_CENTERS = {{0, 0, 0}, {10, 0, 0}, {0, 10, 0}, {0, 0, 10}};
    private static final double SPREAD = 0.1;
    private static final int PER_CLUSTER = 50;

    /** Four tight, well separated clusters in 3-D, interleaved row by row. */
    private static INDArray clusters(long seed) {
        int k = TRUE_CENTERS.length;
        INDArray noise = Networks.features((long) k * PER_CLUSTER, 3, DataType.DOUBLE, seed).mul(SPREAD);
        INDArray x = Nd4j.create(DataType.DOUBLE, (long) k * PER_CLUSTER, 3);
        for (int j = 0; j < k * PER_CLUSTER; j++) {
            x.putRow(j, Nd4j.createFromArray(TRUE_CENTERS[j % k]).add(noise.getRow(j)));
        }
        return x;
    }

    @Test
    void findsKnownClusterCenters() {
        KMeansInit.Result r = KMeansInit.cluster(clusters(1), 4, 42, KMeansInit.DEFAULT_ETA);
        INDArray found = r.centers();
        for (double[] truth : TRUE_CENTERS) {
            double nearest = Double.MAX_VALUE;
            for (int i = 0; i < 4; i++) {
                nearest = Math.min(nearest, found.getRow(i).distance2(Nd4j.createFromArray(truth)));
            }
            assertTrue(nearest < 0.1, "no center near " + java.util.Arrays.toString(truth) + ": " + found);
        }
        assertEquals(4 * PER_CLUSTER, r.examples());
    }

    @Test
    void scaleAndStepSizeFollowTheWithinClusterVariance() {
        INDArray x = clusters(2);
        KMeansInit.Result r = KMeansInit.cluster(x, 4, 7, 0.5);
        double withinVariance = r.inertia() / (x.size(0) * x.size(1));
        assertEquals(SPREAD * SPREAD, withinVariance, 0.3 * SPREAD * SPREAD);
        assertEquals(1.0 / Math.sqrt(withinVariance), r.a0(), Tolerances.SAME_MATH_FLOAT64);
        assertEquals(0.5 / (r.a0() * r.a0()), r.alpha(), Tolerances.SAME_MATH_FLOAT64);
    }

    @Test
    void inertiaAndScaleAreThoseOfTheReturnedCenters_whenLloydStopsAtItsCap() {
        INDArray x = clusters(3);
        KMeansInit.Result capped = KMeansInit.cluster(x, 4, 5, 0.5, 1);
        assertEquals(1, capped.iterations());
        INDArray centers = capped.centers();
        double inertia = 0;
        for (int j = 0; j < x.rows(); j++) {
            double nearest = Double.MAX_VALUE;
            for (int i = 0; i < centers.rows(); i++) {
                nearest = Math.min(nearest, x.getRow(j).squaredDistance(centers.getRow(i)));
            }
            inertia += nearest;
        }
        assertEquals(inertia, capped.inertia(), Tolerances.SAME_MATH_FLOAT64 * inertia);
        assertEquals(1.0 / Math.sqrt(inertia / (x.rows() * x.columns())), capped.a0(),
                Tolerances.SAME_MATH_FLOAT64 * capped.a0());
    }

    @Test
    void deterministicForASeed() {
        INDArray x = Networks.features(120, 4, DataType.DOUBLE, 3);
        assertEquals(KMeansInit.cluster(x, 5, 9, 0.5).centers(), KMeansInit.cluster(x, 5, 9, 0.5).centers());
    }

    @Test
    void rejectsMoreComponentsThanExamples_namingBoth() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KMeansInit.cluster(Networks.features(3, 2, DataType.DOUBLE, 1), 5, 1, 0.5));
        assertTrue(e.getMessage().contains("k=5") && e.getMessage().contains("N=3"), e.getMessage());
    }

    @Test
    void fitOnMultiLayerNetworkUsesFeaturesFromTheLayersBelow() {
        MultiLayerNetwork net = Networks.denseDpnSoftmax(4, 3, 2,
                new DenoisingPotential.Builder().components(3).steps(2).build(), DataType.DOUBLE, new NoOp());
        INDArray x = Networks.features(40, 4, DataType.DOUBLE, 5);
        DataSetIterator data = new TestDataSetIterator(new DataSet(x, Networks.labels(40, 2, DataType.DOUBLE)), 16);

        KMeansInit.Result r = KMeansInit.fit(net, 1, data, 30, 11);

        INDArray seen = net.feedForwardToLayer(0, x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 30),
                org.nd4j.linalg.indexing.NDArrayIndex.all())).get(1);
        KMeansInit.Result direct = KMeansInit.cluster(seen, 3, 11, KMeansInit.DEFAULT_ETA);
        assertEquals(30, r.examples());
        assertEquals(direct.centers(), r.centers());
        Potential p = Potential.of(net, 1);
        assertEquals(direct.centers(), p.centers());
        assertEquals(0.0, p.logWeights().amaxNumber().doubleValue(), 0.0);
        assertEquals(r.alpha(), p.stepSize(), Tolerances.SAME_MATH_FLOAT64);
        INDArray expectedPrecision = Nd4j.eye(3).castTo(DataType.DOUBLE).mul(r.a0() * r.a0());
        for (int i = 0; i < 3; i++) {
            assertEquals(0.0, p.precisions().slice(i).sub(expectedPrecision).amaxNumber().doubleValue(),
                    Tolerances.SAME_MATH_FLOAT64);
        }
    }

    @Test
    void fitOnComputationGraphMatchesTheSameFeatures() {
        DenoisingPotential dpn = new DenoisingPotential.Builder().components(2).steps(1)
                .precision(Precision.DIAGONAL).name("dpn").build();
        ComputationGraph graph = Networks.dpnFirstGraph(3, 2, dpn, DataType.DOUBLE);
        INDArray x = Networks.features(24, 3, DataType.DOUBLE, 6);
        DataSetIterator data = new TestDataSetIterator(new DataSet(x, Networks.labels(24, 2, DataType.DOUBLE)), 8);

        KMeansInit.Result r = KMeansInit.fit(graph, "dpn", data, 100, 3);

        assertEquals(24, r.examples());
        assertEquals(KMeansInit.cluster(x, 2, 3, KMeansInit.DEFAULT_ETA).centers(), r.centers());
        assertEquals(r.a0(), Potential.of(graph, "dpn").factors().getDouble(0, 0), Tolerances.SAME_MATH_FLOAT64);
    }

    @Test
    void fitOnComputationGraph_clustersTheDpnInputBehindMergeAndPreprocessorVertices() {
        DenoisingPotential dpn = new DenoisingPotential.Builder().components(3).steps(1).name("dpn").build();
        ComputationGraph graph = Networks.mergedImageGraph(4, 5, 2, dpn, DataType.DOUBLE);
        INDArray x = Networks.features(24, 4, DataType.DOUBLE, 8);
        DataSetIterator data = new TestDataSetIterator(new DataSet(x, Networks.labels(24, 2, DataType.DOUBLE)), 8);
        // what the DPN sees: the image vertex's output [24, 1, 1, 5], flattened by the DPN's preprocessor
        INDArray seen = graph.feedForward(x, false).get("image").reshape(24, 5);

        KMeansInit.Result r = KMeansInit.fit(graph, "dpn", data, 100, 4);

        assertEquals(KMeansInit.cluster(seen, 3, 4, KMeansInit.DEFAULT_ETA).centers(), r.centers());
    }
}
