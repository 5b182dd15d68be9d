package io.github.dpn4j.examples.noise;

import java.util.SplittableRandom;

import io.github.dpn4j.examples.data.MnistData;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Small inputs for the noise tests. */
final class NoiseFixtures {

    /** Value of every pixel of {@link #midGrey(int)}, far enough from 0 and 1 for small sigma not to clip. */
    static final double MID_GREY = 0.5;

    private NoiseFixtures() {
    }

    /**
     * @return {@code [n, 784]} float32, every pixel {@value #MID_GREY}
     */
    static INDArray midGrey(int n) {
        return Nd4j.valueArrayOf(new long[] {n, MnistData.PIXELS}, MID_GREY, DataType.FLOAT);
    }

    /**
     * @return {@code [n, 784]} of the given type, pixels uniform in {@code [0, 1]} drawn with a fixed seed
     */
    static INDArray randomImages(int n, DataType dataType) {
        SplittableRandom random = new SplittableRandom(7);
        double[] pixels = random.doubles((long) n * MnistData.PIXELS).toArray();
        return Nd4j.create(pixels, new long[] {n, MnistData.PIXELS}, 'c').castTo(dataType);
    }

    /**
     * @return the row-major pixels of {@code array} as doubles
     */
    static double[] values(INDArray array) {
        return array.dup('c').data().asDouble();
    }
}
