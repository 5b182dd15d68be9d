package io.github.dpn4j.layer;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Initialises a {@link DenoisingPotential} layer from the features it actually sees: feeds up to {@code maxExamples}
 * examples through the layers before it, runs k-means (k-means++ seeding, then Lloyd iterations until no assignment
 * changes or {@value #MAX_ITERATIONS} iterations; deterministic for a seed) and sets
 * <ul>
 *   <li>{@code mu} to the k-means centers, {@code c} to 0;</li>
 *   <li>{@code A = a0·I} with {@code a0 = 1/sqrt(v_w)}, {@code v_w = inertia / (N·d)} the within-cluster variance per
 *       dimension, so each component is as wide as its cluster;</li>
 *   <li>{@code alpha = eta / a0²}: in the linear regime one step moves a point {@code eta} of the way to its center
 *       ({@code eta >= 2} diverges). Default {@code eta} = {@value #DEFAULT_ETA}.</li>
 * </ul>
 * Components as wide as their clusters keep the ascent local: wider ones pull every input onto a few centers within
 * a few steps (docs/design.md, "k-means initialisation", has the measurement). k-means runs in float64.
 *
 * @see <a href="https://dl.acm.org/doi/10.5555/1283383.1283494">Arthur and Vassilvitskii, k-means++: the advantages
 *      of careful seeding (SODA 2007)</a>
 * @see <a href="https://doi.org/10.1109/TIT.1982.1056489">Lloyd, Least squares quantization in PCM (1982)</a>
 * @see DpnLayer#inputFeatures(INDArray...)
 */
public final class KMeansInit {

    /** Default fraction of the way to its center that one step moves a point in the linear regime. */
    public static final double DEFAULT_ETA = 0.5;
    /** Cap on Lloyd iterations. */
    public static final int MAX_ITERATIONS = 300;

    private KMeansInit() {
    }

    /** The outcome of one k-means initialisation. */
    public static final class Result {
        private final INDArray centers;
        private final double inertia;
        private final int iterations;
        private final double a0;
        private final double alpha;
        private final int examples;

        Result(INDArray centers, double inertia, int iterations, double a0, double alpha, int examples) {
            this.centers = centers;
            this.inertia = inertia;
            this.iterations = iterations;
            this.a0 = a0;
            this.alpha = alpha;
            this.examples = examples;
        }

        /** k-means centers {@code [k, d]}, float64 (a copy). */
        public INDArray centers() {
            return centers.dup();
        }

        /** Sum over examples of the squared distance to the nearest center. */
        public double inertia() {
            return inertia;
        }

        /** Lloyd iterations run. */
        public int iterations() {
            return iterations;
        }

        /** Precision factor scale {@code a0 = 1/sqrt(inertia / (N·d))}. */
        public double a0() {
            return a0;
        }

        /** Step size {@code eta / a0²}. */
        public double alpha() {
            return alpha;
        }

        /** Number of examples clustered {@code N}. */
        public int examples() {
            return examples;
        }

        @Override
        public String toString() {
            return "KMeansInit.Result(k=" + centers.size(0) + ", examples=" + examples + ", inertia=" + inertia
                    + ", iterations=" + iterations + ", a0=" + a0 + ", alpha=" + alpha + ")";
        }
    }

    /** {@link #fit(MultiLayerNetwork, int, DataSetIterator, int, long, double)} with {@code eta} = {@value #DEFAULT_ETA}. */
    public static Result fit(MultiLayerNetwork net, int layerIndex, DataSetIterator data, int maxExamples, long seed) {
        return fit(DpnLayer.at(net, layerIndex), data, maxExamples, seed, DEFAULT_ETA);
    }

    /**
     * Initialises layer {@code layerIndex} of {@code net} (a {@link DenoisingPotential}) from up to {@code maxExamples}
     * examples of {@code data} (reset first when it supports reset).
     */
    public static Result fit(MultiLayerNetwork net, int layerIndex, DataSetIterator data, int maxExamples, long seed,
                             double eta) {
        return fit(DpnLayer.at(net, layerIndex), data, maxExamples, seed, eta);
    }

    /** {@link #fit(ComputationGraph, String, DataSetIterator, int, long, double)} with {@code eta} = {@value #DEFAULT_ETA}. */
    public static Result fit(ComputationGraph graph, String layerName, DataSetIterator data, int maxExamples, long seed) {
        return fit(DpnLayer.named(graph, layerName), data, maxExamples, seed, DEFAULT_ETA);
    }

    /**
     * Initialises the layer {@code layerName} of a single-input {@code graph} from up to {@code maxExamples} examples
     * of {@code data} (reset first when it supports reset).
     */
    public static Result fit(ComputationGraph graph, String layerName, DataSetIterator data, int maxExamples,
                             long seed, double eta) {
        return fit(DpnLayer.named(graph, layerName), data, maxExamples, seed, eta);
    }

    /**
     * Initialises {@code layer} (in a single-input network) from the features at its input
     * ({@link DpnLayer#inputFeatures}) for up to {@code maxExamples} examples of {@code data}, which is reset before
     * and after when it supports reset.
     *
     * @param layer       the DenoisingPotential layer to initialise
     * @param data        minibatches of the network's input
     * @param maxExamples examples to cluster, {@code >= 1} (fewer if {@code data} runs out)
     * @param seed        k-means++ seed
     * @param eta         fraction of the way to its center one step moves a point, {@code > 0}
     * @return k-means' outcome, whose centers, {@code a0} and {@code alpha} are now the layer's parameters
     */
    public static Result fit(DpnLayer layer, DataSetIterator data, int maxExamples, long seed, double eta) {
        return initialise(layer, collect(data, maxExamples, layer), seed, eta);
    }

    /**
     * Plain k-means on {@code features [N, d]} (float64 internally): k-means++ seeding then Lloyd iterations. The
     * result's {@code a0} and {@code alpha} follow the class rule with {@code eta}.
     */
    public static Result cluster(INDArray features, int k, long seed, double eta) {
        return cluster(features, k, seed, eta, MAX_ITERATIONS);
    }

    /** {@link #cluster(INDArray, int, long, double)} with at most {@code maxIterations} Lloyd iterations. */
    static Result cluster(INDArray features, int k, long seed, double eta, int maxIterations) {
        if (features.rank() != 2) {
            throw new IllegalArgumentException("k-means needs features of rank 2 [N, d], got shape "
                    + Arrays.toString(features.shape()));
        }
        long n = features.size(0);
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("k-means needs 1 <= k <= N examples, got k=" + k + " and N=" + n);
        }
        if (!(eta > 0) || Double.isInfinite(eta)) {
            throw new IllegalArgumentException("eta must be finite and > 0, got " + eta);
        }
        if (LayerValues.nonFinite(features)) {
            throw new IllegalArgumentException("k-means features contain NaN or infinite values");
        }
        INDArray x = features.castTo(DataType.DOUBLE);
        INDArray squaredNorms = x.mul(x).sum(true, 1);                // [N, 1]
        INDArray centers = seedCenters(x, squaredNorms, k, new SplittableRandom(seed));
        int[] assignment = new int[(int) n];
        Arrays.fill(assignment, -1);
        int iterations = 0;
        boolean changed = true;
        while (changed && iterations < maxIterations) {
            iterations++;
            INDArray nearest = Nd4j.argMin(squaredDistances(x, squaredNorms, centers), 1);
            changed = false;
            for (int j = 0; j < n; j++) {
                int a = nearest.getInt(j);
                if (a != assignment[j]) {
                    assignment[j] = a;
                    changed = true;
                }
            }
            centers = updateCenters(x, assignment, centers);
        }
        // measured on the centers returned: at the iteration cap the last update moved them after the assignment
        INDArray toNearest = squaredDistances(x, squaredNorms, centers).min(1);
        double inertia = Transforms.max(toNearest, 0.0, false).sumNumber().doubleValue();
        long d = x.size(1);
        double withinVariance = inertia / (n * d);
        if (!(withinVariance > 0)) {
            throw new IllegalArgumentException("k-means found zero within-cluster variance (" + n + " examples, k="
                    + k + "): the features are constant within clusters, so no precision scale can be derived");
        }
        double a0 = 1.0 / Math.sqrt(withinVariance);
        return new Result(centers, inertia, iterations, a0, eta / (a0 * a0), (int) n);
    }

    private static Result initialise(DpnLayer found, INDArray features, long seed, double eta) {
        DenoisingPotential config = found.config();
        Layer layer = found.layer();
        if (features.size(1) != config.getNIn()) {
            throw new IllegalStateException(config.describe() + ": the layers before it produce width "
                    + features.size(1) + ", expected nIn=" + config.getNIn());
        }
        Result r = cluster(features, config.getComponents(), seed, eta);
        long d = config.getNIn();
        int k = config.getComponents();
        DataType dt = layer.getParam(DenoisingPotential.MU).dataType();
        // built in float64 (not the default type) so that a float64 layer gets a0 unrounded
        INDArray factors = config.getPrecision() == Precision.FULL
                ? Nd4j.eye(d).castTo(DataType.DOUBLE).muli(r.a0()).reshape(1, d, d).repeat(0, k)
                : Nd4j.valueArrayOf(new long[]{k, d}, r.a0(), DataType.DOUBLE);
        layer.getParam(DenoisingPotential.MU).assign(r.centers.castTo(dt));
        layer.getParam(DenoisingPotential.A).assign(factors.castTo(dt));
        layer.getParam(DenoisingPotential.C).assign(0.0);
        layer.getParam(DenoisingPotential.ALPHA).assign(r.alpha());
        return r;
    }

    private static INDArray collect(DataSetIterator data, int maxExamples, DpnLayer layer) {
        if (maxExamples < 1) {
            throw new IllegalArgumentException("maxExamples must be >= 1, got " + maxExamples);
        }
        if (data.resetSupported()) {
            data.reset();
        }
        List<INDArray> parts = new ArrayList<>();
        long count = 0;
        while (data.hasNext() && count < maxExamples) {
            DataSet batch = data.next();
            INDArray x = layer.inputFeatures(batch.getFeatures());
            long take = Math.min(x.size(0), maxExamples - count);
            parts.add(x.get(NDArrayIndex.interval(0, take), NDArrayIndex.all()).castTo(DataType.DOUBLE));
            count += take;
        }
        if (data.resetSupported()) {
            data.reset();
        }
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("k-means initialisation got no examples: the iterator is empty");
        }
        return Nd4j.vstack(parts.toArray(new INDArray[0]));
    }

    /** k-means++: first center uniform, then each next with probability proportional to squared distance. */
    private static INDArray seedCenters(INDArray x, INDArray squaredNorms, int k, SplittableRandom random) {
        long n = x.size(0);
        INDArray centers = Nd4j.create(DataType.DOUBLE, k, x.size(1));
        centers.putRow(0, x.getRow(random.nextInt((int) n)));
        INDArray closest = squaredDistances(x, squaredNorms, centers.get(NDArrayIndex.interval(0, 1),
                NDArrayIndex.all())).reshape(n);
        for (int i = 1; i < k; i++) {
            double total = closest.sumNumber().doubleValue();
            int chosen;
            if (total > 0) {
                double target = random.nextDouble() * total;
                double cumulative = 0;
                chosen = (int) n - 1;
                for (int j = 0; j < n; j++) {
                    cumulative += Math.max(0.0, closest.getDouble(j));
                    if (cumulative > target) {
                        chosen = j;
                        break;
                    }
                }
            } else {
                chosen = random.nextInt((int) n);
            }
            centers.putRow(i, x.getRow(chosen));
            INDArray toNew = squaredDistances(x, squaredNorms, centers.get(NDArrayIndex.interval(i, i + 1),
                    NDArrayIndex.all())).reshape(n);
            closest = Nd4j.math().min(closest, toNew);
        }
        return centers;
    }

    /** {@code ||x_j - c_i||² = ||x_j||² - 2 x_j·c_i + ||c_i||²}: {@code [N, k]}. */
    private static INDArray squaredDistances(INDArray x, INDArray squaredNorms, INDArray centers) {
        INDArray centerNorms = centers.mul(centers).sum(true, 1).transpose();   // [1, k]
        return x.mmul(centers.transpose()).muli(-2.0).addiColumnVector(squaredNorms).addiRowVector(centerNorms);
    }

    /** Mean of each cluster; an emptied cluster keeps its previous center. */
    private static INDArray updateCenters(INDArray x, int[] assignment, INDArray previous) {
        int k = (int) previous.size(0);
        INDArray membership = Nd4j.create(DataType.DOUBLE, k, x.size(0));
        for (int j = 0; j < assignment.length; j++) {
            membership.putScalar(assignment[j], j, 1.0);
        }
        INDArray counts = membership.sum(true, 1);                            // [k, 1]
        INDArray sums = membership.mmul(x);                                   // [k, d]
        INDArray centers = previous.dup();
        for (int i = 0; i < k; i++) {
            double count = counts.getDouble(i, 0);
            if (count > 0) {
                centers.putRow(i, sums.getRow(i).div(count));
            }
        }
        return centers;
    }
}
