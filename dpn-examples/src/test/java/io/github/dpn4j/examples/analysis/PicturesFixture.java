package io.github.dpn4j.examples.analysis;

import io.github.dpn4j.layer.Potential;
import io.github.dpn4j.layer.Precision;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;

/** A DPN on 16 "pixels" (4 x 4 images) with its data, shared by the picture tests. */
final class PicturesFixture {

    static final int SIDE = 4;
    static final int WIDTH = SIDE * SIDE;

    private PicturesFixture() {
    }

    static Potential potential(Precision precision) {
        return Potential.of(TinyModels.dpnFirst(WIDTH, TinyModels.dpn(4, 3, precision), DataType.FLOAT), 0);
    }

    static DataSet data(int rows) {
        return TinyModels.data(rows, WIDTH, DataType.FLOAT, 11);
    }
}
