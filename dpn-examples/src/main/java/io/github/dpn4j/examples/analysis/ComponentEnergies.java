package io.github.dpn4j.examples.analysis;

import io.github.dpn4j.layer.Potential;
import io.github.dpn4j.layer.Precision;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The per-component energies {@code e_i(x) = c_i - 1/2 ||A_i (x - mu_i)||^2} {@code [N, k]} of a
 * {@link Potential} and the responsibilities {@code r = softmax_i(e)}, in float64, from the potential's public
 * parameters ({@link Potential#centers()}, {@link Potential#factors()}, {@link Potential#logWeights()}).
 *
 * <p><b>Not a second implementation of the layer:</b> {@code Potential} exposes {@code phi = logsumexp_i e_i} and
 * its gradient but not the energies themselves, which the class composition of the components needs. The only
 * formula here is GUIDE §1's energy; {@code ComponentEnergiesTest} checks that {@code logsumexp} of these energies
 * equals {@link Potential#value(INDArray)} to 1e-9 in float64, so a change in the layer's math cannot go unnoticed.
 * (A {@code Potential.responsibilities(x)} in the layer API would make this class unnecessary.)
 *
 * <p>Cost: {@code O(N k d^2)} for FULL precision, {@code O(N k d)} for DIAGONAL.
 */
final class ComponentEnergies {

    private final INDArray energies;

    private ComponentEnergies(INDArray energies) {
        this.energies = energies;
    }

    /**
     * @param potential the layer's potential
     * @param x         points {@code [N, d]}, any floating type (computed in float64); not modified
     * @return the energies of every point and component
     * @throws IllegalArgumentException if {@code x} is not {@code [N, d]}
     */
    static ComponentEnergies of(Potential potential, INDArray x) {
        long d = potential.dimensions();
        if (x.rank() != 2 || x.columns() != d) {
            throw new IllegalArgumentException("points must have shape [N, " + d + "], got "
                    + Arrays.toString(x.shape()));
        }
        INDArray points = x.castTo(DataType.DOUBLE);
        INDArray mu = potential.centers().castTo(DataType.DOUBLE);
        INDArray a = potential.factors().castTo(DataType.DOUBLE);
        INDArray c = potential.logWeights().castTo(DataType.DOUBLE);
        int k = potential.components();
        INDArray e = Nd4j.create(DataType.DOUBLE, x.rows(), k);
        for (int i = 0; i < k; i++) {
            INDArray diff = points.subRowVector(mu.getRow(i).reshape(1, d));      // x - mu_i   [N, d]
            INDArray z = potential.precision() == Precision.FULL
                    ? diff.mmul(a.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.all()).transpose())
                    : diff.mulRowVector(a.getRow(i).reshape(1, d));                  // A_i (x - mu_i)   [N, d]
            // e_i = c_i - 1/2 ||A_i (x - mu_i)||^2
            e.getColumn(i).assign(z.mul(z).sum(1).muli(-0.5).addi(c.getDouble(i)));
        }
        return new ComponentEnergies(e);
    }

    /** @return a copy of the energies {@code e [N, k]}, float64 */
    INDArray energies() {
        return energies.dup();
    }

    /** @return {@code logsumexp_i e_i} {@code [N]}, max-subtracted (finite for far points) */
    INDArray logSumExp() {
        INDArray max = energies.max(1).reshape(energies.rows(), 1);
        return Transforms.log(Transforms.exp(energies.subColumnVector(max), false).sum(1), false)
                .addi(max.reshape(energies.rows()));
    }

    /** @return responsibilities {@code r = softmax_i(e)} {@code [N, k]}, float64, each row summing to 1 */
    INDArray responsibilities() {
        INDArray max = energies.max(1).reshape(energies.rows(), 1);
        INDArray w = Transforms.exp(energies.subColumnVector(max), false);
        return w.diviColumnVector(w.sum(1).reshape(energies.rows(), 1));
    }
}
