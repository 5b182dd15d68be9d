package io.github.dpn4j.layer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.blas.params.MMulTranspose;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Map;
import java.util.function.Function;

/**
 * The {@code n}-step ascent in plain ND4J ops, with the {@link GradientMode#DETACHED} backward derived by hand: the
 * fast path the layer runs. {@link PotentialGraph} (SameDiff) stays the definition; tests check this class against it
 * for values and for every gradient.
 * <p>
 * Under stop-gradient between steps, {@code dL/dx_t = dL/dx_{t+1} = eps} for every {@code t}, so every step
 * contributes the vector-Jacobian product of {@code g(x_t) = grad phi(x_t)} with the same {@code u = alpha·eps}, and
 * {@code sum(eps ⊙ g(x_t))} to the step size's gradient. So the backward needs only what a {@link Tape} holds (the
 * point and responsibilities before each step, and one sum over the steps), which a training forward records: a
 * training step runs the ascent once, and the backward visits the steps in any order.
 * <p>
 * FULL: the points carry a constant 1 column, {@code x⁺ = [x, 1]}, and {@code G = [Sᵀ; -b]} ({@code [d+1, k·d]}), so
 * {@code Z = x Sᵀ - b = x⁺ G} is one GEMM; per-component sums are row sums of the {@code [B·k, d]} view of {@code Z}.
 * The {@code [B, k]} arithmetic (energies, softmax) runs on the JVM, where it costs microseconds instead of one ND4J
 * op each. DIAGONAL uses the GEMM expansion of {@link PotentialGraph}. Buffers are allocated once per call in
 * whatever workspace the caller has open; the tape's arrays wherever its caller allocates them.
 */
final class DirectAscent {

    /** Largest {@code n·B·k·d} for which a FULL tape keeps every step's {@code Z} (64 MiB in float32). */
    static final long TAPE_DIFFERENCES_LIMIT = 1L << 24;

    private final Precision precision;
    private final int k;
    private final int d;
    private final INDArray mu;      // [k, d]
    private final INDArray A;       // [k, d, d] or [k, d]
    private final double[] c;       // [k]
    private final double alpha;
    private final DataType dataType;
    // FULL: G = [Sᵀ; -b] [d+1, k·d], F = [S, 0] [k·d, d+1] with S the stacked A_i [k·d, d].
    // DIAGONAL: P = a², Pm = P ⊙ mu, kappa = Σ_d P mu² [1, k].
    private final INDArray G;
    private final INDArray F;
    private final INDArray P;
    private final INDArray Pm;
    private final INDArray kappa;

    DirectAscent(DenoisingPotential config, Map<String, INDArray> params) {
        this.precision = config.getPrecision();
        this.k = config.getComponents();
        this.d = (int) config.getNIn();
        this.mu = params.get(DenoisingPotential.MU);
        this.A = params.get(DenoisingPotential.A);
        this.c = params.get(DenoisingPotential.C).toDoubleVector();
        this.alpha = params.get(DenoisingPotential.ALPHA).getDouble(0);
        this.dataType = mu.dataType();
        if (precision == Precision.FULL) {
            long kd = (long) k * d;
            INDArray S = A.reshape(kd, d);
            this.G = Nd4j.create(dataType, d + 1, kd);
            G.get(NDArrayIndex.interval(0, d), NDArrayIndex.all()).assign(S.transpose());
            this.F = Nd4j.zeros(dataType, kd, d + 1);
            F.get(NDArrayIndex.all(), NDArrayIndex.interval(0, d)).assign(S);
            // b_i = A_i mu_i
            G.getRow(d).assign(A.mul(mu.reshape(k, 1, d)).sum(2).reshape(kd).negi());
            this.P = null;
            this.Pm = null;
            this.kappa = null;
        } else {
            this.G = null;
            this.F = null;
            this.P = A.mul(A);
            this.Pm = P.mul(mu);
            this.kappa = Pm.mul(mu).sum(1).reshape(1, k);
        }
    }

    /** The layer output {@code x_n} for {@code x [B, d]}; {@code x} is not modified. */
    INDArray forward(INDArray x, int n) {
        return forward(x, n, null);
    }

    /**
     * The layer output {@code x_n} for {@code x [B, d]}, recording into {@code tape} (when not null) what the DETACHED
     * backward needs, so a training step runs the ascent once; {@code x} is not modified.
     */
    INDArray forward(INDArray x, int n, Tape tape) {
        return precision == Precision.FULL ? fullForward(x, n, tape) : diagonalForward(x, n, tape);
    }

    /** An empty tape for {@code n} steps from {@code x}, its arrays from {@code allocate} (zeroed, this data type). */
    Tape tape(INDArray x, int n, Function<long[], INDArray> allocate) {
        long batch = x.size(0);
        return tape(x, n, allocate, precision == Precision.FULL && n * batch * k * d <= TAPE_DIFFERENCES_LIMIT);
    }

    /** As {@link #tape(INDArray, int, Function)}, saying whether a FULL tape keeps every step's {@code Z}. */
    Tape tape(INDArray x, int n, Function<long[], INDArray> allocate, boolean keepDifferences) {
        long batch = x.size(0);
        long width = precision == Precision.FULL ? d + 1 : d;
        long[] summedShape = precision == Precision.FULL ? new long[]{batch, (long) k * d} : new long[]{batch, d};
        Tape tape = new Tape(x, n, allocate.apply(new long[]{n * batch, width}), allocate.apply(summedShape));
        if (precision == Precision.FULL && keepDifferences) {
            for (int t = 0; t < n; t++) {
                tape.differences[t] = allocate.apply(new long[]{batch, (long) k * d});
            }
        }
        return tape;
    }

    /**
     * DETACHED gradients of {@code L} given {@code eps = dL/dx_n [B, d]}: the parameter gradients are written into
     * {@code gradients} (arrays keyed like the parameters, overwritten); the input gradient is {@code eps} itself.
     * Runs the ascent first to record its tape.
     */
    void backward(INDArray x, int n, INDArray eps, Map<String, INDArray> gradients) {
        Tape tape = tape(x, n, shape -> Nd4j.create(dataType, shape));
        forward(x, n, tape);
        backward(tape, eps, gradients);
    }

    /** As {@link #backward(INDArray, int, INDArray, Map)}, from the tape a training forward recorded. */
    void backward(Tape tape, INDArray eps, Map<String, INDArray> gradients) {
        if (precision == Precision.FULL) {
            fullBackward(tape, eps, gradients);
        } else {
            diagonalBackward(tape, eps, gradients);
        }
    }

    /**
     * What a training forward keeps for the DETACHED backward: the point before every step, the responsibilities at
     * it, and one sum over the steps (FULL: {@code Σ_t r_t ⊙ Z_t}, {@code [B, k·d]}; DIAGONAL:
     * {@code Σ_t grad phi(x_t)}, {@code [B, d]}). Under stop-gradient nothing else of the forward is needed. A FULL
     * tape also keeps every step's {@code Z_t = x⁺_t G} while {@code n·B·k·d <= }{@link #TAPE_DIFFERENCES_LIMIT},
     * which spares the backward one GEMM per step; beyond that the backward recomputes it.
     */
    static final class Tape {
        private final INDArray input;
        private final int batch;
        final int steps;
        final INDArray points;               // [n·B, w]: w = d + 1 (FULL, x⁺) or d (DIAGONAL)
        final INDArray summed;
        final double[][] responsibilities;   // [n][B·k]
        final INDArray[] differences;        // FULL, when small enough: Z_t [B, k·d] per step, else nulls

        private Tape(INDArray input, int steps, INDArray points, INDArray summed) {
            this.input = input;
            this.batch = (int) input.size(0);
            this.steps = steps;
            this.points = points;
            this.summed = summed;
            this.responsibilities = new double[steps][];
            this.differences = new INDArray[steps];
        }

        /** The point before step {@code t}, a {@code [B, w]} view. */
        INDArray point(int t) {
            return points.get(NDArrayIndex.interval((long) t * batch, (long) (t + 1) * batch), NDArrayIndex.all());
        }

        /**
         * Whether this tape was recorded from {@code x} (the same array) and its arrays are still valid: a tape in a
         * workspace is stale once that workspace has been closed or recycled.
         */
        boolean recordedFrom(INDArray x) {
            return x == input && valid(points) && valid(summed);
        }

        private static boolean valid(INDArray array) {
            if (!array.isAttached()) {
                return true;
            }
            MemoryWorkspace workspace = array.data().getParentWorkspace();
            return workspace.isScopeActive() && workspace.getGenerationId() == array.data().getGenerationId();
        }
    }

    // ------------------------------------------------------------------------------------------------ FULL

    /**
     * Buffers for FULL steps. Every {@code [B, k·d]} pass costs about a quarter of a step's GEMM at {@code d = 64}
     * (these arrays are memory-bound), so the steps use as few passes as the math allows: row sums over {@code d}
     * are matrix-vector products with a ones vector (a TAD reduction over {@code B·k} rows of {@code d} costs several
     * times more), and the {@code [B, k]} arithmetic runs on the JVM.
     */
    private final class FullBuffers {
        final int batch;
        private INDArray Z;          // [B, k·d]: x Sᵀ - b, allocated only when the tape does not keep it
        final INDArray scratch;      // [B, k·d]: W = r ⊙ Z in the forward, de ⊙ Z in the backward
        final INDArray scratch2;     // [B·k, d] view
        final INDArray scratch3;     // [B, k, d] view
        final INDArray rowSums;      // [B·k]
        final INDArray ones;         // [d]

        FullBuffers(int batch) {
            this.batch = batch;
            scratch = Nd4j.create(dataType, batch, (long) k * d);
            scratch2 = scratch.reshape((long) batch * k, d);
            scratch3 = scratch.reshape(batch, k, d);
            rowSums = Nd4j.create(dataType, (long) batch * k);
            ones = Nd4j.ones(dataType, d);
        }

        /** The buffer for {@code Z} when the tape does not keep it. */
        INDArray differences() {
            if (Z == null) {
                Z = Nd4j.create(dataType, batch, (long) k * d);
            }
            return Z;
        }

        /** {@code Z = x⁺ G} into {@code into}; returns the responsibilities {@code softmax(c - 1/2 ||Z_i||²)}. */
        double[] evaluate(INDArray augmented, INDArray into) {
            Nd4j.gemm(augmented, G, into, false, false, 1.0, 0.0);
            INDArray rows = into.reshape((long) batch * k, d);
            return responsibilities(sumOverWidth(rows, rows), batch);
        }

        /** Per-row {@code Σ_d a ⊙ b} of {@code [B·k, d]} operands, on the JVM. */
        double[] sumOverWidth(INDArray a, INDArray b) {
            Nd4j.exec(new MulOp(a, b, scratch2));
            Nd4j.exec(new Mmul(scratch2, ones, rowSums, 1.0, 0.0, MMulTranspose.allFalse()));
            return rowSums.toDoubleVector();
        }
    }

    /**
     * Per step: {@code Z = x⁺ G} (into the tape when it keeps Z), the responsibilities, {@code W = r ⊙ Z}, and
     * {@code x⁺ += alpha·grad phi = -alpha W F} as one GEMM into {@code x⁺} ({@code F}'s zero column keeps the 1).
     */
    private INDArray fullForward(INDArray x, int n, Tape tape) {
        int batch = (int) x.size(0);
        FullBuffers buffers = new FullBuffers(batch);
        INDArray augmented = Nd4j.create(dataType, batch, d + 1);
        INDArray point = augmented.get(NDArrayIndex.all(), NDArrayIndex.interval(0, d));
        point.assign(x);
        augmented.getColumn(d).assign(1.0);
        for (int t = 0; t < n; t++) {
            if (tape != null) {
                tape.point(t).assign(augmented);
            }
            INDArray Z = tape != null && tape.differences[t] != null ? tape.differences[t] : buffers.differences();
            double[] r = buffers.evaluate(augmented, Z);
            Nd4j.exec(new MulOp(Z.reshape(batch, k, d), columns(r, batch), buffers.scratch3));
            if (tape != null) {
                tape.responsibilities[t] = r;
                tape.summed.addi(buffers.scratch);
            }
            Nd4j.gemm(buffers.scratch, F, augmented, false, false, -alpha, 1.0);
        }
        return point.dup();
    }

    /*
     * Per step t, from the tape (x⁺_t, r_t, Z_t when kept), with u = alpha·eps and dWe = -eps Sᵀ
     * (constant; dL/dW = alpha·dWe):
     *   sum(eps ⊙ g_t)   = Σ r ⊙ drE,            drE = Σ_d Z ⊙ dWe       (the step size's gradient)
     *   de  = softmax VJP of dr = alpha·drE,      dc += Σ_B de
     *   dZ  = alpha·r ⊙ dWe - de ⊙ Z,            dG += x⁺ᵀ dZ            (Z = x⁺ G)
     * and, from g_t = -W_t S, dS = -uᵀ Σ_t W_t once, with the tape's sum.
     */
    private void fullBackward(Tape tape, INDArray eps, Map<String, INDArray> gradients) {
        int batch = tape.batch;
        FullBuffers buffers = new FullBuffers(batch);
        INDArray dWe = Nd4j.create(dataType, batch, (long) k * d);
        Nd4j.gemm(eps, G.get(NDArrayIndex.interval(0, d), NDArrayIndex.all()), dWe, false, false, -1.0, 0.0);
        INDArray dWe2 = dWe.reshape((long) batch * k, d);
        INDArray dWe3 = dWe.reshape(batch, k, d);
        INDArray dZ = Nd4j.create(dataType, batch, k, d);
        INDArray dG = Nd4j.zeros(dataType, d + 1, (long) k * d);
        double[] dc = new double[k];
        double dAlpha = 0;
        for (int t = 0; t < tape.steps; t++) {
            INDArray augmented = tape.point(t);
            INDArray Z = tape.differences[t];
            if (Z == null) {
                Z = buffers.differences();
                Nd4j.gemm(augmented, G, Z, false, false, 1.0, 0.0);
            }
            double[] r = tape.responsibilities[t];
            double[] dr = buffers.sumOverWidth(Z.reshape((long) batch * k, d), dWe2);
            double[] alphaR = new double[r.length];
            for (int j = 0; j < dr.length; j++) {
                dAlpha += r[j] * dr[j];
                dr[j] *= alpha;
                alphaR[j] = alpha * r[j];
            }
            double[] de = softmaxBackward(r, dr, batch, k);
            for (int j = 0; j < de.length; j++) {
                dc[j % k] += de[j];
            }
            Nd4j.exec(new MulOp(dWe3, columns(alphaR, batch), dZ));
            Nd4j.exec(new MulOp(Z.reshape(batch, k, d), columns(de, batch), buffers.scratch3));
            dZ.subi(buffers.scratch3);
            Nd4j.gemm(augmented, dZ.reshape(batch, (long) k * d), dG, true, false, 1.0, 1.0);
        }
        INDArray u = eps.mul(alpha);
        Nd4j.gemm(u, tape.summed, dG.get(NDArrayIndex.interval(0, d), NDArrayIndex.all()), true, false, -1.0, 1.0);
        // G = [Sᵀ; -b] with b_i = A_i mu_i: dA_i = dS_i - db_i mu_iᵀ, dmu_i = -A_iᵀ db_i, where -db = dG[d]
        INDArray dS = dG.get(NDArrayIndex.interval(0, d), NDArrayIndex.all()).transpose().reshape(k, d, d);
        INDArray minusDb = dG.getRow(d).reshape(k, d, 1);
        gradients.get(DenoisingPotential.A).assign(dS.subi(minusDb.mul(mu.reshape(k, 1, d))));
        gradients.get(DenoisingPotential.MU).assign(A.mul(minusDb).sum(1).negi());
        gradients.get(DenoisingPotential.C).assign(Nd4j.createFromArray(dc).reshape(1, k));
        gradients.get(DenoisingPotential.ALPHA).assign(dAlpha);
    }

    // ------------------------------------------------------------------------------------------------ DIAGONAL

    /** {@code x_n}; per step {@code x += alpha·(r Pm - x ⊙ (r P))} with {@code r} from the GEMM expansion of q. */
    private INDArray diagonalForward(INDArray x, int n, Tape tape) {
        int batch = (int) x.size(0);
        INDArray point = x.dup();
        for (int t = 0; t < n; t++) {
            if (tape != null) {
                tape.point(t).assign(point);
            }
            // q = ||a_i ⊙ (x - mu_i)||² = x² Pᵀ - 2 x Pmᵀ + kappa
            double[] q = Nd4j.gemm(point.mul(point), P, false, true)
                    .subi(Nd4j.gemm(point, Pm, false, true).muli(2.0)).addiRowVector(kappa)
                    .reshape((long) batch * k).toDoubleVector();
            double[] responsibilities = responsibilities(q, batch);
            INDArray r = columns(responsibilities, batch).reshape(batch, k);
            INDArray g = r.mmul(Pm).subi(point.mul(r.mmul(P)));
            if (tape != null) {
                tape.responsibilities[t] = responsibilities;
                tape.summed.addi(g);
            }
            point.addi(g.muli(alpha));
        }
        return point;
    }

    /*
     * With u = alpha·eps, per step t from the tape (x_t, r_t):  g = r Pm - x ⊙ (r P)  gives
     *   dPm += r_tᵀ u (summed over t: (Σ_t r_t)ᵀ u once),  dP -= r_tᵀ (x_t ⊙ u),
     *   dr = u Pmᵀ - (x_t ⊙ u) Pᵀ;
     *   e = c - 1/2 q with q = x² Pᵀ - 2 x Pmᵀ + kappa gives, for dq = -de/2,
     *   dP += dqᵀ x_t²,  dPm -= 2 dqᵀ x_t,  dkappa += Σ_B dq;
     * and the step size's gradient is sum(eps ⊙ Σ_t g_t), with the tape's sum.
     */
    private void diagonalBackward(Tape tape, INDArray eps, Map<String, INDArray> gradients) {
        int batch = tape.batch;
        INDArray u = eps.mul(alpha);
        double[] uPm = Nd4j.gemm(u, Pm, false, true).reshape((long) batch * k).toDoubleVector();
        double[] sumR = new double[batch * k];
        double[] dKappa = new double[k];
        double[] dc = new double[k];
        INDArray dP = Nd4j.zeros(dataType, k, d);
        INDArray dPm = Nd4j.zeros(dataType, k, d);
        for (int t = 0; t < tape.steps; t++) {
            INDArray point = tape.point(t);
            double[] r = tape.responsibilities[t];
            INDArray xu = point.mul(u);
            Nd4j.gemm(columns(r, batch).reshape(batch, k), xu, dP, true, false, -1.0, 1.0);
            double[] xuP = Nd4j.gemm(xu, P, false, true).reshape((long) batch * k).toDoubleVector();
            double[] dr = new double[r.length];
            for (int j = 0; j < dr.length; j++) {
                dr[j] = uPm[j] - xuP[j];
                sumR[j] += r[j];
            }
            double[] de = softmaxBackward(r, dr, batch, k);
            for (int j = 0; j < de.length; j++) {
                dc[j % k] += de[j];
                de[j] *= -0.5;       // now dq
                dKappa[j % k] += de[j];
            }
            INDArray dq = columns(de, batch).reshape(batch, k);
            Nd4j.gemm(dq, point.mul(point), dP, true, false, 1.0, 1.0);
            Nd4j.gemm(dq, point, dPm, true, false, -2.0, 1.0);
        }
        Nd4j.gemm(columns(sumR, batch).reshape(batch, k), u, dPm, true, false, 1.0, 1.0);
        // P = a², Pm = P ⊙ mu, kappa = Σ_d P ⊙ mu²
        INDArray dKappaColumn = Nd4j.createFromArray(dKappa).castTo(dataType).reshape(k, 1);
        INDArray dmu = dPm.mul(P).addi(P.mul(mu).muli(2.0).muliColumnVector(dKappaColumn));
        INDArray dPTotal = dP.addi(dPm.mul(mu)).addi(mu.mul(mu).muliColumnVector(dKappaColumn));
        gradients.get(DenoisingPotential.A).assign(dPTotal.muli(A).muli(2.0));
        gradients.get(DenoisingPotential.MU).assign(dmu);
        gradients.get(DenoisingPotential.C).assign(Nd4j.createFromArray(dc).reshape(1, k));
        gradients.get(DenoisingPotential.ALPHA).assign(eps.mul(tape.summed).sumNumber().doubleValue());
    }

    // ------------------------------------------------------------------------------------------------ [B, k] on the JVM

    /** {@code values [B·k]} as a {@code [B, k, 1]} array of the layer's data type, to broadcast over {@code d}. */
    private INDArray columns(double[] values, int batch) {
        INDArray array;
        if (dataType == DataType.DOUBLE) {
            array = Nd4j.createFromArray(values);
        } else if (dataType == DataType.FLOAT) {
            float[] floats = new float[values.length];
            for (int j = 0; j < values.length; j++) {
                floats[j] = (float) values[j];
            }
            array = Nd4j.createFromArray(floats);
        } else {
            array = Nd4j.createFromArray(values).castTo(dataType);
        }
        return array.reshape(batch, k, 1);
    }

    /** {@code r = softmax(c - 1/2 q)} per row, from the squared distances {@code q [B·k]} (row-major). */
    private double[] responsibilities(double[] squaredDistances, int batch) {
        double[] e = new double[squaredDistances.length];
        for (int j = 0; j < e.length; j++) {
            e[j] = c[j % k] - 0.5 * squaredDistances[j];
        }
        return softmaxRows(e, batch, k);
    }

    /** Row softmax of a row-major {@code [rows, cols]} array with each row's maximum subtracted. */
    private static double[] softmaxRows(double[] e, int rows, int cols) {
        double[] r = new double[e.length];
        for (int i = 0; i < rows; i++) {
            int o = i * cols;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, e[o + j]);
            }
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                r[o + j] = Math.exp(e[o + j] - max);
                sum += r[o + j];
            }
            for (int j = 0; j < cols; j++) {
                r[o + j] /= sum;
            }
        }
        return r;
    }

    /** {@code de = r ⊙ (dr - Σ_k r ⊙ dr)} per row, the VJP of the row softmax. */
    private static double[] softmaxBackward(double[] r, double[] dr, int rows, int cols) {
        double[] de = new double[r.length];
        for (int i = 0; i < rows; i++) {
            int o = i * cols;
            double dot = 0;
            for (int j = 0; j < cols; j++) {
                dot += r[o + j] * dr[o + j];
            }
            for (int j = 0; j < cols; j++) {
                de[o + j] = r[o + j] * (dr[o + j] - dot);
            }
        }
        return de;
    }
}
