package io.github.dpn4j.examples.noise;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Shared frame of the noise models: checks the input, copies it into a {@code double[]} in row-major order,
 * lets the subclass corrupt the copy with a {@link SplittableRandom} seeded with the given seed, and returns it
 * as a new array of the input's data type.
 */
abstract class PixelNoise implements NoiseModel {

    @Override
    public final INDArray apply(INDArray pixels, long seed) {
        Objects.requireNonNull(pixels, "pixels");
        if (pixels.rank() != 2 || !pixels.dataType().isFPType()) {
            throw new IllegalArgumentException(describe() + " expects floating-point pixels [N, P], got "
                    + pixels.dataType() + " " + Arrays.toString(pixels.shape()));
        }
        checkColumns(pixels.columns());
        double[] values = pixels.dup('c').data().asDouble();
        corrupt(values, pixels.rows(), pixels.columns(), new SplittableRandom(seed));
        return Nd4j.create(values, pixels.shape(), 'c').castTo(pixels.dataType());
    }

    /**
     * Rejects a column count this noise cannot handle; the default accepts any.
     *
     * @param columns pixels per image {@code P}
     */
    void checkColumns(long columns) {
    }

    /**
     * Corrupts pixels in place.
     *
     * @param pixels  {@code rows * columns} values, row-major, one image per row
     * @param rows    number of images {@code N}
     * @param columns pixels per image {@code P}
     * @param random  the only source of randomness, freshly seeded for this call
     */
    abstract void corrupt(double[] pixels, int rows, int columns, SplittableRandom random);

    @Override
    public String toString() {
        return describe();
    }
}
