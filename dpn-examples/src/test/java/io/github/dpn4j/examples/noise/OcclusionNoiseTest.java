package io.github.dpn4j.examples.noise;

import static io.github.dpn4j.examples.noise.NoiseFixtures.MID_GREY;
import static io.github.dpn4j.examples.noise.NoiseFixtures.midGrey;
import static io.github.dpn4j.examples.noise.NoiseFixtures.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class OcclusionNoiseTest {

    private static final int SIDE = 28;

    /** Bounding box {top, left, bottom, right} (inclusive) and count of the zero pixels of one image. */
    private static int[] zeroBox(INDArray image) {
        int top = SIDE;
        int left = SIDE;
        int bottom = -1;
        int right = -1;
        int count = 0;
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                if (image.getDouble(y * SIDE + x) == 0) {
                    top = Math.min(top, y);
                    left = Math.min(left, x);
                    bottom = Math.max(bottom, y);
                    right = Math.max(right, x);
                    count++;
                }
            }
        }
        return new int[] {top, left, bottom, right, count};
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 10, 27, 28})
    void zeroesExactlyOneSideBySideSquare_perImage(int side) {
        INDArray noisy = new OcclusionNoise(side).apply(midGrey(20), 9);

        for (int image = 0; image < 20; image++) {
            int[] box = zeroBox(noisy.getRow(image));
            assertEquals(side * side, box[4], "zero pixels in image " + image);
            assertEquals(side, box[2] - box[0] + 1, "patch height in image " + image);
            assertEquals(side, box[3] - box[1] + 1, "patch width in image " + image);
        }
        long kept = Arrays.stream(values(noisy)).filter(value -> value == MID_GREY).count();
        assertEquals(20L * (SIDE * SIDE - side * side), kept, "pixels outside the patches keep their value");
    }

    @Test
    void placesPatchesAtVaryingPositions_coveringTheWholeRange() {
        INDArray noisy = new OcclusionNoise(10).apply(midGrey(200), 9);

        Set<Integer> tops = new HashSet<>();
        Set<Integer> lefts = new HashSet<>();
        for (int image = 0; image < 200; image++) {
            int[] box = zeroBox(noisy.getRow(image));
            tops.add(box[0]);
            lefts.add(box[1]);
        }
        assertEquals(19, tops.size(), "distinct top rows 0..18: " + tops);
        assertEquals(19, lefts.size(), "distinct left columns 0..18: " + lefts);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -3, 29})
    void rejectsSide_outside1To28(int side) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new OcclusionNoise(side));

        assertEquals("occlusion side must be in 1..28 pixels, got " + side, e.getMessage());
    }

    @Test
    void rejectsInput_whenNot784Columns() {
        INDArray wrong = Nd4j.zeros(DataType.FLOAT, 2, 100);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new OcclusionNoise(4).apply(wrong, 1));
        assertEquals("occlusion:4 expects 28x28 images, i.e. 784 columns, got 100", e.getMessage());
    }
}
