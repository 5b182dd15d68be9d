package io.github.dpn4j.layer;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.blas.Blas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.function.Supplier;

/**
 * The kernels' matrix products: {@code C[rows] = A[rows] · op(B)}, {@code C = A[rows]ᵀ · B[rows] + beta·C} and
 * {@code C = alpha·op(A)·op(B) + beta·C}. Two routes with the same results:
 * <ul>
 *   <li>{@link #OPENBLAS}, on ND4J's CPU backend when its BLAS is OpenBLAS: straight to {@code cblas_?gemm} for
 *       float32 or float64 matrices in buffers of their own (anything else takes the ND4J route). ND4J's own route
 *       costs 20–25 µs a call before any arithmetic (measured: an {@code 8×8×8} product, 23 µs through
 *       {@code Nd4j.gemm}, 0.5 µs here), as much as one of a DIAGONAL step's two products at {@code d = 256}. And a
 *       product of at most {@link #SINGLE_THREAD_WORK} multiply-adds stays on the calling thread, so the row blocks
 *       of a step can each run their own rows' products at the same time without handing them to OpenBLAS's
 *       threads (which made the thin DIAGONAL products slower on two threads than on one: 53 against 37 µs).</li>
 *   <li>{@link #ND4J} everywhere else (CUDA, MKL): {@code Nd4j.gemm}, rows as views.</li>
 * </ul>
 * The route is chosen once per process ({@link #current}); the tests run both, down to whole ascents and backwards.
 */
enum Gemm {

    /** {@code cblas_sgemm}/{@code cblas_dgemm} of the OpenBLAS that ND4J's CPU backend loaded. */
    OPENBLAS {
        @Override
        void rows(INDArray a, INDArray b, boolean transposeB, INDArray c, int from, int to) {
            if (!ownAll(a, b, c)) {
                ND4J.rows(a, b, transposeB, c, from, to);
                return;
            }
            int n = (int) c.size(1);
            int depth = (int) a.size(1);
            int piece = rowsPerProduct(n, depth, to - from);
            for (int start = from; start < to; start += piece) {
                int end = Math.min(to, start + piece);
                call(false, transposeB, end - start, n, depth, 1.0, a, (long) start * depth, b, 0, c,
                        (long) start * n, 0.0);
            }
        }

        @Override
        void transposedRows(INDArray a, INDArray b, INDArray c, int from, int to, double beta) {
            if (!ownAll(a, b, c)) {
                ND4J.transposedRows(a, b, c, from, to, beta);
                return;
            }
            int piece = rowsPerProduct(c.size(0), c.size(1), to - from);
            for (int start = from; start < to || start == from; start += piece) {   // once at least: beta applies
                int end = Math.min(to, start + piece);
                call(true, false, (int) c.size(0), (int) c.size(1), end - start, 1.0, a, (long) start * a.size(1), b,
                        (long) start * b.size(1), c, 0, start == from ? beta : 1.0);
            }
        }

        @Override
        void product(INDArray a, boolean transposeA, INDArray b, boolean transposeB, INDArray c, double alpha,
                     double beta) {
            if (!ownAll(a, b, c)) {
                ND4J.product(a, transposeA, b, transposeB, c, alpha, beta);
                return;
            }
            int depth = (int) (transposeA ? a.size(0) : a.size(1));
            call(transposeA, transposeB, (int) c.size(0), (int) c.size(1), depth, alpha, a, 0, b, 0, c, 0, beta);
        }

        private void call(boolean transposeA, boolean transposeB, int m, int n, int depth, double alpha, INDArray a,
                          long aOffset, INDArray b, long bOffset, INDArray c, long cOffset, double beta) {
            if (m == 0 || n == 0) {
                return;
            }
            int ta = transposeA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
            int tb = transposeB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
            int lda = (int) a.size(1);
            int ldb = (int) b.size(1);
            int ldc = (int) c.size(1);
            if (c.dataType() == DataType.DOUBLE) {
                openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor, ta, tb, m, n, depth, alpha,
                        doubles(a, aOffset), lda, doubles(b, bOffset), ldb, beta, doubles(c, cOffset), ldc);
            } else {
                openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, ta, tb, m, n, depth, (float) alpha,
                        floats(a, aOffset), lda, floats(b, bOffset), ldb, (float) beta, floats(c, cOffset), ldc);
            }
        }
    },

    /** {@code Nd4j.gemm}: any backend. */
    ND4J {
        @Override
        void rows(INDArray a, INDArray b, boolean transposeB, INDArray c, int from, int to) {
            if (from == to) {
                return;
            }
            INDArray aRows = a.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
            INDArray cRows = c.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
            Nd4j.gemm(aRows, b, cRows, false, transposeB, 1.0, 0.0);
        }

        @Override
        void transposedRows(INDArray a, INDArray b, INDArray c, int from, int to, double beta) {
            if (from == to) {
                c.muli(beta);
                return;
            }
            INDArray aRows = a.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
            INDArray bRows = b.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
            Nd4j.gemm(aRows, bRows, c, true, false, 1.0, beta);
        }

        @Override
        void product(INDArray a, boolean transposeA, INDArray b, boolean transposeB, INDArray c, double alpha,
                     double beta) {
            Nd4j.gemm(a, b, c, transposeA, transposeB, alpha, beta);
        }
    };

    /**
     * Most multiply-adds ({@code M·N·K}) of a product that OpenBLAS 0.3.19 keeps on the calling thread:
     * {@code SMP_THRESHOLD_MIN · GEMM_MULTITHREAD_THRESHOLD = 65536 · 4} in its {@code interface/gemm.c}.
     */
    static final long SINGLE_THREAD_WORK = 1L << 18;

    private static final Gemm CURRENT = choose();
    private static final ThreadLocal<Gemm> ROUTE = new ThreadLocal<>();

    /**
     * {@code c[from, to) = a[from, to) · op(b)}: rows of {@code a [B, K]} into rows of {@code c [B, N]}, in pieces of
     * {@link #rowsPerProduct} rows from {@code from}, each on the calling thread under {@link #OPENBLAS}.
     */
    abstract void rows(INDArray a, INDArray b, boolean transposeB, INDArray c, int from, int to);

    /**
     * {@code c = a[from, to)ᵀ · b[from, to) + beta · c}: rows of {@code a [R, M]} and {@code b [R, N]} into
     * {@code c [M, N]}, summed over pieces of {@link #rowsPerProduct} rows, each on the calling thread under
     * {@link #OPENBLAS}.
     */
    abstract void transposedRows(INDArray a, INDArray b, INDArray c, int from, int to, double beta);

    /** {@code c = alpha · op(a) · op(b) + beta · c}. */
    abstract void product(INDArray a, boolean transposeA, INDArray b, boolean transposeB, INDArray c, double alpha,
                          double beta);

    /**
     * The route for this process: {@link #OPENBLAS} on ND4J's CPU backend with OpenBLAS, else {@link #ND4J}; or the
     * one {@link #with} set on this thread.
     */
    static Gemm current() {
        Gemm set = ROUTE.get();
        return set != null ? set : CURRENT;
    }

    /** {@code work}, with {@code route} as this thread's {@link #current} meanwhile: lets tests run both routes. */
    static <T> T with(Gemm route, Supplier<T> work) {
        Gemm before = ROUTE.get();
        ROUTE.set(route);
        try {
            return work.get();
        } finally {
            ROUTE.set(before);
        }
    }

    /**
     * Rows per piece of {@link #rows} and {@link #transposedRows} for {@code batch} rows whose products have
     * {@code n · depth} multiply-adds per row: under {@link #OPENBLAS} as many as stay on the calling thread
     * ({@code rows · n · depth <=} {@link #SINGLE_THREAD_WORK}, at least one), so that row blocks can run theirs at
     * the same time; under {@link #ND4J}, whose calls cost too much to cut up, all of them.
     */
    int rowsPerProduct(long n, long depth, int batch) {
        if (this == ND4J) {
            return Math.max(1, batch);
        }
        return (int) Math.max(1, Math.min(Math.max(1, batch), SINGLE_THREAD_WORK / Math.max(1, n * depth)));
    }

    private static Gemm choose() {
        try {
            if (Nd4j.getEnvironment().isCPU() && Nd4j.factory().blas().getBlasVendor() == Blas.Vendor.OPENBLAS) {
                Class.forName("org.bytedeco.openblas.global.openblas_nolapack", false, Gemm.class.getClassLoader());
                return OPENBLAS;
            }
        } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
            // no OpenBLAS binding on the class path (or a backend that does not say): ND4J's route works everywhere
        }
        return ND4J;
    }

    /** The address of element {@code offset} of {@code array} (its own buffer, from its first element). */
    private static FloatPointer floats(INDArray array, long offset) {
        return new FloatPointer(array.data().addressPointer()).position(offset);
    }

    private static DoublePointer doubles(INDArray array, long offset) {
        return new DoublePointer(array.data().addressPointer()).position(offset);
    }

    /**
     * Whether {@link #OPENBLAS} can take the operands as they are: matrices of one floating type, each c order in a
     * buffer of its own from its first element (anything else goes through ND4J, which copies as needed).
     */
    private static boolean ownAll(INDArray a, INDArray b, INDArray c) {
        DataType type = c.dataType();
        for (INDArray x : new INDArray[]{a, b, c}) {
            if (x.rank() != 2 || x.isView() || x.ordering() != 'c' || x.data().offset() != 0 || x.dataType() != type
                    || (type != DataType.FLOAT && type != DataType.DOUBLE)) {
                return false;
            }
        }
        return true;
    }
}
