package io.github.dpn4j.examples.noise;

import java.util.Locale;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * A seeded corruption of image pixels, used to train on noisy inputs with clean labels and to evaluate on a
 * fixed noisy test set.
 *
 * <p>Contract for every implementation:
 * <ul>
 *   <li>input {@code pixels [N, P]} floating point, nominally in {@code [0, 1]}; it is never modified;</li>
 *   <li>output a new array of the same shape and data type;</li>
 *   <li>the output depends only on the input and the seed, and is the same on every run and ND4J backend: the
 *       draws are made in Java with {@link java.util.SplittableRandom} and {@link StrictMath}, not by the backend.
 *       {@code NoiseModelTest} pins checksums, so a JDK whose {@code SplittableRandom} draws differently would be
 *       noticed.</li>
 * </ul>
 *
 * <p>Command-line specs, read by {@link #parse(String)} and written by {@link #describe()}: {@value #SPEC_FORMS}.
 */
public interface NoiseModel {

    /** The spec forms {@link #parse(String)} accepts, for usage texts and error messages. */
    String SPEC_FORMS = NoNoise.NAME + ", " + GaussianNoise.NAME + ":<sigma> (e.g. gaussian:0.3), "
            + GaussianNoise.NAME + ":<min>-<max> (sigma ~ U[min, max] per image, e.g. gaussian:0.1-1), "
            + SaltPepperNoise.NAME + ":<fraction> (e.g. saltpepper:0.2), "
            + OcclusionNoise.NAME + ":<side> (e.g. occlusion:10)";

    /**
     * Corrupts pixels.
     *
     * @param pixels clean pixels {@code [N, P]}, floating point, nominally in {@code [0, 1]}; left untouched
     * @param seed   seed of the random draws; the same seed and input give the same output
     * @return a new array {@code [N, P]} of the input's data type
     * @throws IllegalArgumentException if {@code pixels} is not a rank-2 floating-point array, or has a number
     *                                  of columns this noise cannot handle
     */
    INDArray apply(INDArray pixels, long seed);

    /**
     * @return the spec of this noise in the form {@link #parse(String)} reads, e.g. {@code "gaussian:0.3"}, so
     *         that {@code parse(m.describe())} equals {@code m}
     */
    String describe();

    /**
     * Corrupts the features of a data set and keeps its labels clean, e.g. to build the one noisy test set that
     * every run evaluates on.
     *
     * @param clean features {@code [N, P]} and labels {@code [N, K]}; left untouched
     * @param seed  seed of the random draws
     * @return a new data set: features {@link #apply(INDArray, long) apply(features, seed)}, copies of the
     *         labels and of any masks
     */
    default DataSet applyTo(DataSet clean, long seed) {
        INDArray featuresMask = clean.getFeaturesMaskArray();
        INDArray labelsMask = clean.getLabelsMaskArray();
        return new DataSet(apply(clean.getFeatures(), seed), clean.getLabels().dup(),
                featuresMask == null ? null : featuresMask.dup(), labelsMask == null ? null : labelsMask.dup());
    }

    /**
     * Reads a command-line noise spec, ignoring case and surrounding spaces.
     *
     * @param spec one of {@value #SPEC_FORMS}
     * @return the noise model
     * @throws IllegalArgumentException naming the spec and listing the valid forms, if the spec is unknown or its
     *                                  value is not a number or out of range
     */
    static NoiseModel parse(String spec) {
        if (spec == null) {
            throw new IllegalArgumentException("noise spec is null; valid forms: " + SPEC_FORMS);
        }
        String normalized = spec.trim().toLowerCase(Locale.ROOT);
        if (normalized.equals(NoNoise.NAME)) {
            return new NoNoise();
        }
        int colon = normalized.indexOf(':');
        String name = colon < 0 ? normalized : normalized.substring(0, colon).trim();
        String value = colon < 0 ? "" : normalized.substring(colon + 1).trim();
        if (name.equals(NoNoise.NAME)) {
            throw invalidSpec(spec, "'" + NoNoise.NAME + "' takes no value");
        }
        if (!name.equals(GaussianNoise.NAME) && !name.equals(SaltPepperNoise.NAME)
                && !name.equals(OcclusionNoise.NAME)) {
            throw invalidSpec(spec, "unknown noise '" + name + "'");
        }
        if (colon < 0 || value.isEmpty()) {
            throw invalidSpec(spec, "'" + name + "' needs a value after ':'");
        }
        try {
            switch (name) {
                case GaussianNoise.NAME: {
                    int dash = rangeDash(value);
                    return dash < 0 ? new GaussianNoise(Double.parseDouble(value))
                            : new GaussianRangeNoise(Double.parseDouble(value.substring(0, dash).trim()),
                            Double.parseDouble(value.substring(dash + 1).trim()));
                }
                case SaltPepperNoise.NAME:
                    return new SaltPepperNoise(Double.parseDouble(value));
                default:
                    return new OcclusionNoise(Integer.parseInt(value));
            }
        } catch (NumberFormatException e) {
            String expected = name.equals(OcclusionNoise.NAME) ? "a whole number of pixels" : "a number";
            throw invalidSpec(spec, name + " needs " + expected + ", got '" + value + "'");
        } catch (IllegalArgumentException e) {
            throw invalidSpec(spec, e.getMessage());
        }
    }

    /**
     * @param value the value of a gaussian spec, e.g. {@code "0.3"} or {@code "0.1-1"}
     * @return the index of the dash that separates a range's bounds, or -1 for a single number (a leading minus
     *         sign or an exponent's sign, as in {@code 1e-3}, is not a separator)
     */
    private static int rangeDash(String value) {
        for (int i = 1; i < value.length(); i++) {
            char before = value.charAt(i - 1);
            if (value.charAt(i) == '-' && before != 'e' && before != 'E') {
                return i;
            }
        }
        return -1;
    }

    private static IllegalArgumentException invalidSpec(String spec, String problem) {
        return new IllegalArgumentException(
                "invalid noise spec '" + spec + "': " + problem + "; valid forms: " + SPEC_FORMS);
    }
}
