package io.github.dpn4j.layer;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A read-only view of one {@link DenoisingPotential} layer's potential, taken from its parameters at the time of
 * {@code of(...)} (later training does not change the view). It runs the same SameDiff graph as the layer
 * ({@link PotentialGraph}), so {@code ascend(x).point(n)} equals the layer's output for {@code x}.
 * Arrays are returned as copies in the parameters' data type; inputs of another floating type are converted.
 * Not thread-safe.
 */
public final class Potential {

    private static final String X = "x";

    private final DenoisingPotential config;
    private final INDArray mu;
    private final INDArray factors;
    private final INDArray logWeights;
    private final INDArray alpha;
    private final SameDiff sd;
    private final String valueName;
    private final String gradientName;
    private final String stepName;
    private final String energiesName;
    private final String responsibilitiesName;

    private Potential(DenoisingPotential config, Map<String, INDArray> params) {
        this.config = config;
        this.mu = params.get(DenoisingPotential.MU).dup();
        this.factors = params.get(DenoisingPotential.A).dup();
        this.logWeights = params.get(DenoisingPotential.C).dup();
        this.alpha = params.get(DenoisingPotential.ALPHA).dup();
        this.sd = SameDiff.create();
        SDVariable x = sd.placeHolder(X, mu.dataType(), -1, config.getNIn());
        PotentialGraph graph = PotentialGraph.define(sd, config.getPrecision(), config.getComponents(),
                config.getNIn(), sd.constant(DenoisingPotential.MU, mu), sd.constant(DenoisingPotential.A, factors),
                sd.constant(DenoisingPotential.C, logWeights), sd.constant(DenoisingPotential.ALPHA, alpha));
        this.valueName = graph.potential(x).name();
        this.gradientName = graph.gradient(x).name();
        this.stepName = graph.step(x, GradientMode.DETACHED).name();
        SDVariable energies = graph.energies(x);
        this.energiesName = energies.name();
        this.responsibilitiesName = graph.responsibilities(energies).name();
    }

    /**
     * The potential of a layer's configuration and parameters ({@code mu, A, c, alpha} keyed as in
     * {@link DenoisingPotential}); the arrays are copied.
     */
    public static Potential of(DenoisingPotential config, Map<String, INDArray> params) {
        for (String key : List.of(DenoisingPotential.MU, DenoisingPotential.A, DenoisingPotential.C,
                DenoisingPotential.ALPHA)) {
            if (params.get(key) == null) {
                throw new IllegalArgumentException(config.describe() + ": parameter \"" + key + "\" is missing");
            }
        }
        return new Potential(config, params);
    }

    /** The potential of layer {@code layerIndex} of {@code net}, which must be a {@link DenoisingPotential}. */
    public static Potential of(MultiLayerNetwork net, int layerIndex) {
        return DpnLayer.at(net, layerIndex).potential();
    }

    /** The potential of the layer named {@code layerName} in {@code graph}, which must be a {@link DenoisingPotential}. */
    public static Potential of(ComputationGraph graph, String layerName) {
        return DpnLayer.named(graph, layerName).potential();
    }

    /** Potential {@code phi(x)}: {@code x [B, d]} to {@code [B]}. */
    public INDArray value(INDArray x) {
        return run(x, valueName).get(valueName).dup();
    }

    /** {@code grad phi(x)}: {@code x [B, d]} to {@code [B, d]}. */
    public INDArray gradient(INDArray x) {
        return run(x, gradientName).get(gradientName).dup();
    }

    /** Energies {@code e_i(x) = c_i - 1/2 ||A_i (x - mu_i)||²}: {@code x [B, d]} to {@code [B, k]}. */
    public INDArray energies(INDArray x) {
        return run(x, energiesName).get(energiesName).dup();
    }

    /** Responsibilities {@code r_i(x) = softmax_i e_i(x)}, each row sums to 1: {@code x [B, d]} to {@code [B, k]}. */
    public INDArray responsibilities(INDArray x) {
        return run(x, responsibilitiesName).get(responsibilitiesName).dup();
    }

    /** The {@code n}-step ascent the layer performs on {@code x [B, d]}, every point and its potential recorded. */
    public Trajectory ascend(INDArray x) {
        List<INDArray> points = new ArrayList<>();
        List<INDArray> potentials = new ArrayList<>();
        INDArray point = checked(x).dup();
        for (int t = 0; t <= config.getSteps(); t++) {
            Map<String, INDArray> out = sd.output(Map.of(X, point), valueName, stepName);
            points.add(point);
            potentials.add(out.get(valueName).dup());
            point = out.get(stepName).dup();
        }
        return new Trajectory(points, potentials);
    }

    /** Centers {@code mu}: {@code [k, d]}. */
    public INDArray centers() {
        return mu.dup();
    }

    /**
     * Precision matrices {@code Sigma_i^-1 = A_iᵀ A_i}: {@code [k, d, d]}, also for DIAGONAL (then diagonal).
     * For the factors themselves see {@link #factors()}.
     */
    public INDArray precisions() {
        long k = config.getComponents();
        long d = config.getNIn();
        INDArray out = Nd4j.create(mu.dataType(), k, d, d);
        for (int i = 0; i < k; i++) {
            INDArray precision;
            if (config.getPrecision() == Precision.FULL) {
                INDArray a = factors.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.all());
                precision = a.transpose().mmul(a);
            } else {
                INDArray a = factors.getRow(i);
                precision = Nd4j.diag(a.mul(a));
            }
            out.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.all()).assign(precision);
        }
        return out;
    }

    /** The factors {@code A}: {@code [k, d, d]} (FULL) or {@code [k, d]} (DIAGONAL, the diagonals). */
    public INDArray factors() {
        return factors.dup();
    }

    /** Log mixture weights {@code c}: {@code [k]}. */
    public INDArray logWeights() {
        return logWeights.reshape(config.getComponents()).dup();
    }

    /** Step size {@code alpha}. */
    public double stepSize() {
        return alpha.getDouble(0);
    }

    /** Number of ascent steps {@code n}. */
    public int steps() {
        return config.getSteps();
    }

    /** Number of components {@code k}. */
    public int components() {
        return config.getComponents();
    }

    /** Feature width {@code d}. */
    public long dimensions() {
        return config.getNIn();
    }

    /** Precision structure of the layer. */
    public Precision precision() {
        return config.getPrecision();
    }

    private Map<String, INDArray> run(INDArray x, String... outputs) {
        return sd.output(Map.of(X, checked(x)), outputs);
    }

    private INDArray checked(INDArray x) {
        if (x.rank() != 2 || x.size(1) != config.getNIn()) {
            throw new IllegalArgumentException(config.describe() + ": expected points of shape [B, "
                    + config.getNIn() + "], got " + Arrays.toString(x.shape()));
        }
        DataType dt = mu.dataType();
        return x.dataType() == dt ? x : x.castTo(dt);
    }
}
