package io.github.dpn4j.layer;

import org.nd4j.linalg.dataset.ViewIterator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.NoOp;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The denoising-score-matching trainer: its gradient, that it learns, its calibration and its checks. */
class DenoisingScoreMatchingTest {

    /** 240 points in [0, 1]^6 around three clusters. */
    static INDArray clusters(DataType dataType) {
        INDArray centres = Nd4j.createFromArray(new double[][]{
            {0.1, 0.9, 0.1, 0.9, 0.5, 0.2}, {0.8, 0.2, 0.7, 0.1, 0.3, 0.9}, {0.5, 0.5, 0.9, 0.4, 0.8, 0.1}});
        INDArray x = Nd4j.create(DataType.DOUBLE, 240, 6);
        INDArray spread = Networks.features(240, 6, DataType.DOUBLE, 40).muli(0.05);
        for (int b = 0; b < 240; b++) {
            x.putRow(b, centres.getRow(b % 3).add(spread.getRow(b)));
        }
        return x.castTo(dataType);
    }

    static DenoisingScoreMatching.Options.Builder small() {
        return DenoisingScoreMatching.Options.builder().components(3).batchSize(16).learningRate(1e-2)
                .sigmaMin(0.05).sigmaMax(0.6).calibrationExamples(60).calibrationLevels(7).seed(3)
                .corruption(Corruption.gaussian());
    }

    @Test
    void training_lowersTheScoreMatchingLossOnAFixedNoisySet() {
        // k-means already fits Gaussian clusters; start from components far too wide so training has work to do
        INDArray clean = clusters(DataType.DOUBLE);
        NoiseConditionalPotential initial = DenoisingScoreMatching.fit(clean, small().varianceFloor(0.1).epochs(0)
                .build()).potential();
        NoiseConditionalPotential trained = DenoisingScoreMatching.fit(clean, small().varianceFloor(0.1).epochs(15)
                .learningRate(5e-2).build()).potential();
        double before = 0;
        double after = 0;
        for (double s : new double[]{0.1, 0.3, 0.5}) {
            INDArray noisy = Corruption.gaussian().apply(clean, s, Nd4j.getRandomFactory().getNewRandomInstance(9));
            before += loss(initial, clean, noisy, s);
            after += loss(trained, clean, noisy, s);
        }
        assertTrue(after < 0.9 * before, "loss before " + before + ", after " + after);
    }

    @Test
    void lossGradient_equalsCentralDifferences() {
        SameDiff sd = SameDiff.create();
        INDArray mu = Networks.features(2, 3, DataType.DOUBLE, 50);
        INDArray logVariance = Networks.features(2, 3, DataType.DOUBLE, 51).muli(0.5).subi(1);
        INDArray c = Nd4j.createFromArray(new double[][]{{0.3, -0.2}});
        NoiseConditionalGraph graph = NoiseConditionalGraph.define(sd, sd.var("mu", mu), sd.var("logVariance",
                logVariance), sd.var("c", c), sd.constant("origin", Nd4j.zeros(DataType.DOUBLE, 1, 3)), 3);
        SDVariable noisy = sd.constant("noisy", Networks.features(4, 3, DataType.DOUBLE, 52));
        SDVariable clean = sd.constant("clean", Networks.features(4, 3, DataType.DOUBLE, 53));
        double s = 0.4;
        graph.scoreMatchingLoss("loss", noisy, clean,
                sd.constant("s2", Nd4j.valueArrayOf(new long[]{1, 1}, s * s, DataType.DOUBLE)),
                sd.constant("scale", Nd4j.valueArrayOf(new long[]{1, 1}, 1 / (4 * 3 * s * s), DataType.DOUBLE)));
        sd.setLossVariables("loss");
        Map<String, INDArray> gradients = sd.calculateGradients(new HashMap<>(), "mu", "logVariance", "c");
        double h = Tolerances.CENTRAL_DIFFERENCE_STEP;
        for (String name : new String[]{"mu", "logVariance", "c"}) {
            INDArray param = sd.getVariable(name).getArr();
            for (int i = 0; i < param.length(); i++) {
                double original = param.getDouble(i);
                param.putScalar(i, original + h);
                double plus = sd.output(new HashMap<>(), "loss").get("loss").getDouble(0);
                param.putScalar(i, original - h);
                double minus = sd.output(new HashMap<>(), "loss").get("loss").getDouble(0);
                param.putScalar(i, original);
                assertEquals((plus - minus) / (2 * h), gradients.get(name).getDouble(i),
                        Tolerances.CENTRAL_DIFFERENCE_FLOAT64 / 10, name + "[" + i + "]");
            }
        }
    }

    @Test
    void sameSeed_sameFit() {
        INDArray clean = clusters(DataType.FLOAT);
        NoiseConditionalPotential a = DenoisingScoreMatching.fit(clean, small().epochs(2).build()).potential();
        NoiseConditionalPotential b = DenoisingScoreMatching.fit(clean, small().epochs(2).build()).potential();
        assertEquals(a.centers(), b.centers());
        assertEquals(a.logVariances(), b.logVariances());
        assertArrayEquals(a.calibration(), b.calibration());
    }

    @Test
    void calibration_isMonotoneAndInterpolatesGaps() {
        double[] grid = {0, 0.1, 0.2, 0.3};
        // means 0.05, (nothing), 0.3, 0.2: the last two violate monotonicity and pool to 0.25
        double[] calibrated = NoiseCalibration.monotone(grid, new double[]{0.05, 0, 0.3, 0.2},
                new double[]{1, 0, 1, 1});
        assertArrayEquals(new double[]{0.05, 0.15, 0.25, 0.25}, calibrated, Tolerances.EXACT_FLOAT64);
        assertArrayEquals(grid, NoiseCalibration.monotone(grid, new double[4], new double[4]), 0);
    }

    @Test
    void calibration_mapsHeavyClippedNoiseAboveTheRawEstimate() {
        INDArray clean = clusters(DataType.DOUBLE);
        DenoisingScoreMatching.Options options = small().epochs(3).sigmaMax(1.0).calibrationLevels(11)
                .corruption(Corruption.gaussianClipped(0, 1)).build();
        NoiseConditionalPotential p = DenoisingScoreMatching.fit(clean, options).potential();
        INDArray noisy = Corruption.gaussianClipped(0, 1).apply(clean, 0.9,
                Nd4j.getRandomFactory().getNewRandomInstance(4));
        double raw = p.rawNoiseLevel(noisy).meanNumber().doubleValue();
        double calibrated = p.noiseLevel(noisy).meanNumber().doubleValue();
        assertTrue(raw < 0.75, "clipping should pull the raw estimate below the true 0.9, got " + raw);
        assertTrue(Math.abs(calibrated - 0.9) < Math.abs(raw - 0.9), "calibrated " + calibrated + ", raw " + raw);
    }

    @Test
    void badInput_isRejectedNamingTheValue() {
        IllegalArgumentException k = assertThrows(IllegalArgumentException.class,
                () -> DenoisingScoreMatching.fit(clusters(DataType.DOUBLE), small().components(500).build()));
        assertTrue(k.getMessage().contains("k=500"), k.getMessage());
        INDArray nan = clusters(DataType.DOUBLE);
        nan.putScalar(3, 2, Double.NaN);
        assertThrows(IllegalArgumentException.class, () -> DenoisingScoreMatching.fit(nan, small().build()));
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> small().sigmaMin(0.9).sigmaMax(0.5).build());
        assertTrue(range.getMessage().contains("0.9"), range.getMessage());
    }

    @Test
    void fitMultiLayerNetwork_fitsTheTweedieLayerToTheFeaturesItSees() {
        // dense(tanh) -> TWEEDIE DPN -> softmax: the DPN sees the dense layer's output, not the network's input
        DenoisingPotential dpn = new DenoisingPotential.Builder().stepRule(StepRule.TWEEDIE).components(3)
                .toleratedNoise(0.05).build();
        MultiLayerNetwork net = Networks.denseDpnSoftmax(6, 4, 2, dpn, DataType.DOUBLE, new NoOp());
        INDArray x = clusters(DataType.DOUBLE);
        DataSetIterator data = new ViewIterator(new DataSet(x, Networks.labels(240, 2, DataType.DOUBLE)), 50);
        DenoisingScoreMatching.Result r = DenoisingScoreMatching.fit(net, 1, data, 200, small().epochs(1).build());

        NoiseConditionalPotential inLayer = NoiseConditionalPotential.of(net, 1);
        assertEquals(r.potential().centers(), inLayer.centers());
        assertEquals(0.05, inLayer.tolerated());
        INDArray seen = net.feedForwardToLayer(0, x, false).get(1);
        INDArray centreMean = inLayer.centers().mean(0);
        assertTrue(centreMean.sub(seen.get(NDArrayIndex.interval(0, 200), NDArrayIndex.all()).mean(0))
                .amaxNumber().doubleValue() < 0.05, "centres sit among the dense layer's outputs");
    }

    @Test
    void fitComputationGraph_rejectsALearnedLayer() {
        ComputationGraph graph = Networks.dpnFirstGraph(6, 2, new DenoisingPotential.Builder().components(3).name(
                "dpn").build(), DataType.DOUBLE);
        DataSetIterator data = new ViewIterator(new DataSet(clusters(DataType.DOUBLE),
                Networks.labels(240, 2, DataType.DOUBLE)), 50);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DenoisingScoreMatching.fit(graph, "dpn", data, 100, small().build()));
        assertTrue(e.getMessage().contains("LEARNED"), e.getMessage());
    }

    @Test
    void frontEnd_leavesTheClassifierBitIdenticalAndDenoisesInFrontOfIt() {
        MultiLayerNetwork classifier = Networks.denseDpnSoftmax(6, 4, 2, new DenoisingPotential.Builder()
                .components(2).steps(1).build(), DataType.DOUBLE, new NoOp());
        INDArray before = classifier.params().dup();
        INDArray x = clusters(DataType.DOUBLE);
        MultiLayerNetwork robust = DenoisingScoreMatching.frontEnd(classifier, x, small().epochs(1).tolerated(0.1)
                .build());

        assertEquals(before, classifier.params());
        assertEquals(classifier.getnLayers() + 1, robust.getnLayers());
        for (int i = 0; i < classifier.getnLayers(); i++) {
            assertEquals(classifier.getLayer(i).params(), robust.getLayer(i + 1).params(), "layer " + i);
        }
        INDArray noisy = Corruption.gaussian().apply(x, 0.5, Nd4j.getRandomFactory().getNewRandomInstance(2));
        INDArray denoised = NoiseConditionalPotential.of(robust, 0).denoise(noisy);
        NoiseConditionalPotentialTest.assertClose(classifier.output(denoised), robust.output(noisy),
                Tolerances.SAME_MATH_FLOAT64, "front-end then classifier");
    }

    /** {@code mean ‖x̃ + s² ∇phi_s(x̃) - x‖² / (d·s²)}, the trainer's objective, in closed form. */
    static double loss(NoiseConditionalPotential p, INDArray clean, INDArray noisy, double s) {
        INDArray residual = p.withTolerated(0).denoise(noisy, s).sub(clean.castTo(DataType.DOUBLE));
        return residual.mul(residual).sumNumber().doubleValue() / (clean.length() * s * s);
    }
}
