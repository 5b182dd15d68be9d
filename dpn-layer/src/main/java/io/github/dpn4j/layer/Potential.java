package io.github.dpn4j.layer;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A read-only view of one {@link DenoisingPotential} layer's potential, taken from its parameters at the time of
 * {@code of(...)} (later training does not change the view). It runs the layer's own kernel (the same code as the
 * layer's forward pass, tolerance included), so {@code ascend(x)} is exactly what the layer does to {@code x}.
 * Arrays are returned as copies in the parameters' data type; inputs of another floating type are converted.
 * Not thread-safe.
 */
public final class Potential {

    private final DenoisingPotential config;
    private final INDArray mu;
    private final INDArray factors;
    private final INDArray logWeights;
    private final INDArray alpha;
    private final Kernel kernel;
    /** {@link #kernel} in float64, built when a float32 input needs it. */
    private Kernel wide;

    private Potential(DenoisingPotential config, Map<String, INDArray> params) {
        this.config = config;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            this.mu = params.get(DenoisingPotential.MU).dup();
            this.factors = params.get(DenoisingPotential.A).dup();
            this.logWeights = params.get(DenoisingPotential.C).dup();
            this.alpha = params.get(DenoisingPotential.ALPHA).dup();
            this.kernel = Kernel.of(config.getPrecision(), Map.of(DenoisingPotential.MU, mu, DenoisingPotential.A,
                    factors, DenoisingPotential.C, logWeights, DenoisingPotential.ALPHA, alpha));
        }
    }

    /**
     * The potential of a {@link StepRule#LEARNED} layer's configuration and parameters ({@code mu, A, c, alpha}
     * keyed as in {@link DenoisingPotential}); the arrays are copied. A {@link StepRule#TWEEDIE} layer's potential
     * depends on the noise level: {@link NoiseConditionalPotential} ({@code logDensity(x, s)}, {@code noiseLevel(x)},
     * the Tweedie step {@code denoise(x)}).
     */
    public static Potential of(DenoisingPotential config, Map<String, INDArray> params) {
        if (config.getStepRule() != StepRule.LEARNED) {
            throw new IllegalArgumentException(config.describe() + ": stepRule is " + config.getStepRule()
                    + ", whose potential is noise-conditional (use NoiseConditionalPotential.of for TWEEDIE layers)");
        }
        for (String key : List.of(DenoisingPotential.MU, DenoisingPotential.A, DenoisingPotential.C,
                DenoisingPotential.ALPHA)) {
            if (params.get(key) == null) {
                throw new IllegalArgumentException(config.describe() + ": parameter \"" + key + "\" is missing");
            }
            LayerValues.checkParameter(config, config.describe(), key, params.get(key));
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
        Kernel.Evaluation at = evaluate(x);
        return array(potentials(at.energies(), at.batch()), at.batch());
    }

    /** {@code grad phi(x)}: {@code x [B, d]} to {@code [B, d]}. */
    public INDArray gradient(INDArray x) {
        Kernel.Evaluation at = evaluate(x);
        return array(at.gradient(), at.batch(), config.getNIn());
    }

    /** Energies {@code e_i(x) = c_i - 1/2 ||A_i (x - mu_i)||²}: {@code x [B, d]} to {@code [B, k]}. */
    public INDArray energies(INDArray x) {
        Kernel.Evaluation at = evaluate(x);
        return array(at.energies(), at.batch(), config.getComponents());
    }

    /** Responsibilities {@code r_i(x) = softmax_i e_i(x)}, each row sums to 1: {@code x [B, d]} to {@code [B, k]}. */
    public INDArray responsibilities(INDArray x) {
        Kernel.Evaluation at = evaluate(x);
        return array(at.responsibilities(), at.batch(), config.getComponents());
    }

    /**
     * The ascent the layer performs on {@code x [B, d]}, every point and its potential recorded: {@code n} steps, or
     * fewer when the layer's {@link DenoisingPotential#getTolerance() tolerance} stopped it
     * ({@link Trajectory#steps()} says how many).
     */
    public Trajectory ascend(INDArray x) {
        List<INDArray> points = new ArrayList<>();
        List<INDArray> potentials = new ArrayList<>();
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray start = checked(x);
            int batch = (int) start.size(0);
            List<double[]> rawPoints = new ArrayList<>();
            List<double[]> rawPotentials = new ArrayList<>();
            Kernel used = kernel;
            Kernel.Ascent ascent = record(used, start, rawPoints, rawPotentials);
            if (kernel.dataType != DataType.DOUBLE && !finite(rawPoints, rawPotentials, ascent.point())) {
                used = wide();  // a far float32 input: see LayerValues
                ascent = record(used, start.castTo(DataType.DOUBLE), rawPoints, rawPotentials);
            }
            if (!finite(rawPoints, rawPotentials, ascent.point())) {
                throw new IllegalArgumentException(config.describe() + ": " + LayerValues.overflow(start, params(),
                        DataType.DOUBLE, false));
            }
            for (int t = 0; t < rawPoints.size(); t++) {
                points.add(array(rawPoints.get(t), batch, config.getNIn()));
                potentials.add(array(rawPotentials.get(t), batch));
            }
            INDArray end = array(used.uncentred(ascent.point()), batch, config.getNIn());
            points.add(end);
            potentials.add(value(end));
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
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray out = kernel.precisions();
            return out.dataType() == mu.dataType() ? out : out.castTo(mu.dataType());
        }
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

    private Kernel.Evaluation evaluate(INDArray x) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray in = checked(x);
            Kernel.Evaluation at = kernel.evaluate(in);
            if (kernel.dataType != DataType.DOUBLE && !finite(at.energies(), at.responsibilities(), at.gradient())) {
                at = wide().evaluate(in.castTo(DataType.DOUBLE));  // a far float32 input: see LayerValues
            }
            if (!finite(at.energies(), at.responsibilities(), at.gradient())) {
                throw new IllegalArgumentException(config.describe() + ": " + LayerValues.overflow(in, params(),
                        DataType.DOUBLE, false));
            }
            return at;
        }
    }

    /** Runs {@code kernel}'s ascent from {@code start}, recording every point and potential (uncentred). */
    private Kernel.Ascent record(Kernel kernel, INDArray start, List<double[]> points, List<double[]> potentials) {
        points.clear();
        potentials.clear();
        int batch = (int) start.size(0);
        return kernel.ascend(start, config.getSteps(), config.getTolerance(), null, (t, point, energies) -> {
            points.add(kernel.uncentred(point));
            potentials.add(potentials(energies, batch));
        });
    }

    private static boolean finite(List<double[]> points, List<double[]> potentials, double[] end) {
        return finite(points.toArray(double[][]::new)) && finite(potentials.toArray(double[][]::new)) && finite(end);
    }

    /** The same potential in float64, for float32 points too far for float32 products. */
    private Kernel wide() {
        if (wide == null) {
            wide = Kernel.of(config.getPrecision(), LayerValues.float64(params()));
        }
        return wide;
    }

    private Map<String, INDArray> params() {
        return Map.of(DenoisingPotential.MU, mu, DenoisingPotential.A, factors, DenoisingPotential.C, logWeights,
                DenoisingPotential.ALPHA, alpha);
    }

    private static boolean finite(double[]... arrays) {
        for (double[] values : arrays) {
            for (double v : values) {
                if (!Double.isFinite(v)) {
                    return false;
                }
            }
        }
        return true;
    }

    private double[] potentials(double[] energies, int batch) {
        double[] phi = new double[batch];
        int k = config.getComponents();
        for (int b = 0; b < batch; b++) {
            phi[b] = Kernel.logSumExp(energies, b * k, k);
        }
        return phi;
    }

    /**
     * A detached array of the parameters' data type.
     *
     * @throws IllegalArgumentException if a value does not fit that type (e.g. {@code phi = -1.6e40} in float32)
     */
    private INDArray array(double[] values, long... shape) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray out = HostView.array(DataType.DOUBLE, values, shape);
            out = out.dataType() == mu.dataType() ? out : out.castTo(mu.dataType());
            if (LayerValues.nonFinite(out)) {
                throw new IllegalArgumentException(config.describe() + ": a result (" + extreme(values)
                        + ") is beyond " + mu.dataType() + "'s range, which the potential returns (the parameters' "
                        + "type): these points are too far from the centers for it; use float64 parameters");
            }
            return out;
        }
    }

    private static String extreme(double[] values) {
        double worst = 0;
        for (double v : values) {
            worst = Math.abs(v) > Math.abs(worst) ? v : worst;
        }
        return String.format(java.util.Locale.ROOT, "%.3g", worst);
    }

    private INDArray checked(INDArray x) {
        if (x.rank() != 2 || x.size(1) != config.getNIn()) {
            throw new IllegalArgumentException(config.describe() + ": expected points of shape [B, "
                    + config.getNIn() + "], got " + Arrays.toString(x.shape()));
        }
        LayerValues.checkInput(config.describe(), x);
        DataType dt = mu.dataType();
        return x.dataType() == dt ? x : x.castTo(dt);
    }
}
