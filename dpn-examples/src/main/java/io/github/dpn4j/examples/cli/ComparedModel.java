package io.github.dpn4j.examples.cli;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The models {@code ./dpn compare --models} puts side by side, by their command-line name: the plain CNN, the same
 * trained CNN (unchanged) behind a denoising front-end, and a CNN retrained on a range of noise levels.
 */
enum ComparedModel {

    /** The {@code cnn} configuration trained with {@code --noise}. */
    CNN("cnn", "the plain CNN, trained with the training noise"),

    /** The plain CNN, unchanged, behind the {@code PotentialDenoiser} (DPN) front-end. */
    CNN_DPN("cnn+dpn", "the same CNN, unchanged, behind the DPN front-end: a noise-conditional potential fitted by "
            + "denoising score matching, one Tweedie step at a blind per-image noise estimate"),

    /** The plain CNN, unchanged, behind the {@code ConvDenoisingAutoencoder} front-end. */
    CNN_DAE("cnn+dae", "the same CNN, unchanged, behind a small convolutional denoising autoencoder"),

    /** The {@code cnn} configuration trained with {@code --augmented-noise} instead of {@code --noise}. */
    CNN_AUGMENTED("cnn-augmented", "a CNN trained with a noise level drawn per image (--augmented-noise)");

    private final String cliName;
    private final String description;

    ComparedModel(String cliName, String description) {
        this.cliName = cliName;
        this.description = description;
    }

    /**
     * @param name e.g. {@code "cnn+dae"} (case-insensitive)
     * @return the model
     * @throws IllegalArgumentException naming the value and the valid names
     */
    static ComparedModel fromName(String name) {
        for (ComparedModel m : values()) {
            if (m.cliName.equalsIgnoreCase(name == null ? "" : name.trim())) {
                return m;
            }
        }
        throw new IllegalArgumentException("models must be among " + names() + ", got '" + name + "'");
    }

    /** @return the valid names, comma separated */
    static String names() {
        return Arrays.stream(values()).map(m -> m.cliName).collect(Collectors.joining(", "));
    }

    /** @return the command-line name, also the column heading and the run directory's name */
    String cliName() {
        return cliName;
    }

    /** @return one line for the report */
    String description() {
        return description;
    }

    /** @return true if the model is the plain CNN behind a front-end */
    boolean isFrontEnd() {
        return this == CNN_DPN || this == CNN_DAE;
    }
}
