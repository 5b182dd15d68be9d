package io.github.dpn4j.examples.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AurocTest {

    @Test
    void perfectSeparation_isOne_andReversedIsZero() {
        assertEquals(1.0, Auroc.of(new double[]{0.1, 0.2}, new double[]{0.5, 0.9, 0.7}), 0);
        assertEquals(0.0, Auroc.of(new double[]{0.5, 0.9}, new double[]{0.1, 0.2}), 0);
    }

    @Test
    void pairsAreCountedWithTiesAsHalf() {
        // pairs (negative, positive): (1,2) win, (1,1) tie, (3,2) loss, (3,1) loss -> (1 + 0.5) / 4
        assertEquals(0.375, Auroc.of(new double[]{1, 3}, new double[]{2, 1}), 1e-15);
    }

    @Test
    void emptyOrNonFinite_isRejected() {
        assertThrows(IllegalArgumentException.class, () -> Auroc.of(new double[0], new double[]{1}));
        assertThrows(IllegalArgumentException.class, () -> Auroc.of(new double[]{Double.NaN}, new double[]{1}));
    }
}
