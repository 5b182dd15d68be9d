package io.github.dpn4j.examples.analysis;

import io.github.dpn4j.examples.report.RunDirectory;
import io.github.dpn4j.layer.Potential;
import io.github.dpn4j.layer.Precision;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Runs every analysis of a trained model on test data and writes its pictures and a markdown section:
 * <ul>
 *   <li>{@value #SEPARATION}: {@link LayerSeparation} of the input, every layer and the logits (always);</li>
 *   <li>per DenoisingPotential layer: {@value #TRAJECTORIES} and {@value #ASCENT} ({@link TrajectoryPicture}),
 *       {@value #COMPOSITION} ({@link CenterComposition}), {@value #CENTERS} for a layer on pixels
 *       ({@link CenterPicture}), {@value #SPECTRUM} ({@link PrecisionSpectrum}) and {@value #HEATMAP}
 *       ({@link PrecisionHeatmap}); with several DPN layers the names get the layer's key,
 *       e.g. {@code trajectories-dpn.png};</li>
 *   <li>{@value #DENOISING} for image inputs ({@link DenoisingPicture}).</li>
 * </ul>
 * A model without a DPN layer gets the separation table and chart and the denoising examples only.
 *
 * <p><b>Cost cap:</b> the separation examples all go through the model, including its DPN ascents, which cost
 * about {@code 4·k·d²·n} FLOPs per example for FULL precision ({@code 6·k·d·n} for DIAGONAL). When the examples
 * would exceed {@link AnalysisSettings#potentialFlopBudget()}, only the first ones that fit are used (never fewer
 * than {@value #MIN_EXAMPLES}), and the report says so.
 *
 * <p>Immutable result: the markdown and the files written.
 */
public final class AnalysisReport {

    /** Separation chart: {@value}. */
    public static final String SEPARATION = "separation.png";
    /** Ascent paths in the plane of the first two principal components: {@value}. */
    public static final String TRAJECTORIES = "trajectories.png";
    /** Potential and step length per ascent step: {@value}. */
    public static final String ASCENT = "ascent.png";
    /** Centers as images (DPN on pixels): {@value}. */
    public static final String CENTERS = "centers.png";
    /** Class composition of the components: {@value}. */
    public static final String COMPOSITION = "center-composition.png";
    /** Precision spectra: {@value}. */
    public static final String SPECTRUM = "precision-spectrum.png";
    /** Largest-weight component's precision: {@value}. */
    public static final String HEATMAP = "precision-heatmap.png";
    /** Denoising examples: {@value}. */
    public static final String DENOISING = "denoising.png";
    /** First line of the report section; a second analysis replaces the section: {@value}. */
    public static final String BEGIN = "<!-- dpn analyze: begin -->";
    /** Last line of the report section: {@value}. */
    public static final String END = "<!-- dpn analyze: end -->";
    /** Fewest separation examples the cost cap leaves: {@value}. */
    public static final int MIN_EXAMPLES = 100;
    /** Number of classes of the labels (MNIST digits): {@value}. */
    public static final int CLASSES = 10;

    private final String markdown;
    private final List<Path> pictures;

    private AnalysisReport(String markdown, List<Path> pictures) {
        this.markdown = markdown;
        this.pictures = List.copyOf(pictures);
    }

    /**
     * Analyses {@code model} on the first examples of {@code test} and writes the pictures into {@code dir}.
     *
     * @param model    the trained model
     * @param test     test data: features {@code [N, inputWidth]}, one-hot labels {@code [N, 10]}
     * @param settings what to look at
     * @param context  one line for the report: the command and data, e.g. {@code "`dpn analyze ...` on ..."}
     * @param dir      where the PNGs go (created)
     * @return the markdown section and the pictures written
     * @throws IOException on write errors
     */
    public static AnalysisReport run(InspectedModel model, DataSet test, AnalysisSettings settings, String context,
                                     Path dir) throws IOException {
        long start = System.nanoTime();
        Files.createDirectories(dir);
        List<Path> pictures = new ArrayList<>();
        StringBuilder md = new StringBuilder();
        List<InspectedModel.PotentialLayer> potentials = model.potentials();

        int requested = Math.min(settings.examples(), test.numExamples());
        double perExample = 0;
        for (InspectedModel.PotentialLayer p : potentials) {
            perExample += ascentFlops(p.potential());
        }
        int used = requested;
        if (perExample * requested > settings.potentialFlopBudget()) {
            used = Math.min(requested, Math.max(MIN_EXAMPLES, (int) (settings.potentialFlopBudget() / perExample)));
        }
        INDArray x = rows(test.getFeatures(), used);
        int[] classOf = classes(rows(test.getLabels(), used));

        md.append(BEGIN).append("\n## Analysis\n\n").append(context).append("\n\n");
        md.append(String.format(Locale.ROOT, "Model: %s. Noise of the trajectory and denoising examples: `%s` "
                + "(seed %d).%n%n", model, settings.noise().describe(), settings.noiseSeed()));

        // separation per layer
        long t0 = System.nanoTime();
        Map<String, INDArray> features = model.features(x);
        LayerSeparation separation = LayerSeparation.measure(features, classOf);
        Map<String, SeedSeparation> quoted = new LinkedHashMap<>();
        if (settings.seedConfiguration() && potentials.size() == 1 && potentials.get(0).onInput()) {
            quoted.put(InspectedModel.INPUT, SeedSeparation.INPUT);
            quoted.put(potentials.get(0).label(), SeedSeparation.POTENTIAL);
            if (features.containsKey(InspectedModel.LOGITS)) {
                quoted.put(InspectedModel.LOGITS, SeedSeparation.LOGITS);
            }
        }
        Path separationPng = dir.resolve(SEPARATION);
        separation.writeChart(separationPng, "Class separation per layer (" + used + " clean test examples)", quoted);
        pictures.add(separationPng);
        md.append("### Separation per layer\n\n");
        md.append(String.format(Locale.ROOT, "He & Su (2023) statistics of the features each layer produces for the "
                + "first %d clean test examples, in float64: fuzziness D = Tr(SS_w SS_b^+) (lower = classes better "
                + "separated), B/W = Tr SS_b / Tr SS_w, the mean distance between class means, and the share of "
                + "the variance along the first two principal components. Logits are the output layer's "
                + "pre-activation h W + b (not log softmax).", used));
        if (used < requested) {
            md.append(String.format(Locale.ROOT, " **Capped:** %d of the %d requested examples, because the DPN "
                    + "ascent costs %.2g FLOPs per example and the budget is %.2g FLOPs (`--max-dpn-flops`).",
                    used, requested, perExample, settings.potentialFlopBudget()));
        }
        if (!quoted.isEmpty()) {
            md.append(" The seed columns quote the seed study's figures for the same configuration (its PCA "
                    + "explained variance was not quoted after the DPN).");
        }
        md.append(String.format(Locale.ROOT, " (%.1f s)%n%n", seconds(t0)));
        md.append(separation.markdown(quoted)).append('\n');
        md.append("![separation per layer](").append(SEPARATION).append(")\n\n");

        // one noisy sample for the trajectories and the denoising examples: the same images, the same noise
        int sampled = Math.min(Math.max(settings.trajectoryExamples(), settings.denoisingExamples()), x.rows());
        INDArray sample = rows(x, sampled);
        INDArray noisySample = settings.noise().apply(sample, settings.noiseSeed());
        INDArray pixelAscent = null;
        for (InspectedModel.PotentialLayer layer : potentials) {
            String suffix = potentials.size() > 1 ? "-" + layer.key() : "";
            INDArray noisyAscent = describePotential(model, layer, x, classOf, sample, noisySample, settings, dir,
                    suffix, md, pictures);
            if (pixelAscent == null && layer.onInput()) {
                pixelAscent = noisyAscent;
            }
        }
        if (PixelImages.sideOf(x.columns()) > 0) {
            denoising(model, sample, noisySample, classOf, pixelAscent, settings, dir, md, pictures);
        }
        md.append(String.format(Locale.ROOT, "Analysis time: %.1f s.%n", seconds(start)));
        md.append(END).append('\n');
        return new AnalysisReport(md.toString(), pictures);
    }

    /** @return the end of the noisy sample's ascent through the layer (its output) {@code [M, d]} */
    private static INDArray describePotential(InspectedModel model, InspectedModel.PotentialLayer layer,
                                                INDArray x, int[] classOf, INDArray sample, INDArray noisySample,
                                                AnalysisSettings settings, Path dir, String suffix, StringBuilder md,
                                                List<Path> pictures) throws IOException {
        Potential p = layer.potential();
        md.append(String.format(Locale.ROOT, "### DPN layer `%s`: k = %d, d = %d, n = %d, %s precision, "
                        + "alpha = %.4g%n%n", layer.label(), p.components(), p.dimensions(), p.steps(), p.precision(),
                p.stepSize()));
        long t0 = System.nanoTime();
        INDArray inputs = model.potentialInput(layer, x);
        TrajectoryPicture trajectories = TrajectoryPicture.ascend(p, model.potentialInput(layer, sample),
                model.potentialInput(layer, noisySample), Arrays.copyOf(classOf, sample.rows()));
        PrincipalComponents pca = PrincipalComponents.fit(inputs, Math.min(2, (int) p.dimensions()));
        md.append("#### Trajectories\n\n");
        md.append(String.format(Locale.ROOT, "The layer's own ascent (`Potential.ascend`) of the first %d test "
                + "examples, clean and with noise, drawn in the plane of the first two principal components of the "
                + "layer's input over the %d separation examples; potential and step length per step.", sample.rows(),
                x.rows()));
        if (pca.componentCount() >= 2) {
            Path paths = dir.resolve(name(TRAJECTORIES, suffix));
            trajectories.writePaths(pca, p.centers(), "DPN ascent paths (" + layer.label() + ", n = " + p.steps()
                    + ")", paths);
            pictures.add(paths);
        }
        Path ascent = dir.resolve(name(ASCENT, suffix));
        trajectories.writeSteps("DPN ascent per step (" + layer.label() + ", " + sample.rows() + " clean and "
                + sample.rows() + " noisy examples)", ascent);
        pictures.add(ascent);
        if (!(p.stepSize() > 0) || p.steps() == 0) {
            md.append(" **The layer is the identity** (alpha = ").append(p.stepSize()).append(", n = ")
                    .append(p.steps()).append("): every path is a single point.");
        }
        md.append(String.format(Locale.ROOT, " (%.1f s)%n%n", seconds(t0)));
        md.append(trajectories.markdown()).append('\n');
        if (pca.componentCount() >= 2) {
            md.append("![ascent paths](").append(name(TRAJECTORIES, suffix)).append(")\n");
        }
        md.append("![ascent per step](").append(name(ASCENT, suffix)).append(")\n\n");

        t0 = System.nanoTime();
        CenterComposition composition = CenterComposition.measure(p, inputs, classOf, CLASSES);
        double[] weights = CenterPicture.mixtureWeights(p);
        md.append("#### Centers\n\n");
        md.append(String.format(Locale.ROOT, "Responsibilities r_i(x) = softmax_i(e_i(x)) of the %d clean "
                + "examples at the layer's input; each component's share of each digit. Mass-weighted purity "
                + "(share of the dominant digit): %.2f.", x.rows(), composition.purity()));
        Path compositionPng = dir.resolve(name(COMPOSITION, suffix));
        composition.writeChart("Digits covered by each DPN component (" + layer.label() + ")", compositionPng);
        pictures.add(compositionPng);
        boolean images = layer.onInput() && CenterPicture.applies(p);
        if (images) {
            Path centers = dir.resolve(name(CENTERS, suffix));
            CenterPicture.write(p, composition, "DPN centers mu_i as images (" + layer.label() + ", k = "
                    + p.components() + ")", centers);
            pictures.add(centers);
        }
        md.append(String.format(Locale.ROOT, " (%.1f s)%n%n", seconds(t0)));
        if (images) {
            md.append("![centers](").append(name(CENTERS, suffix)).append(")\n");
        }
        md.append("![center composition](").append(name(COMPOSITION, suffix)).append(")\n\n");
        md.append(composition.markdown(weights)).append('\n');

        t0 = System.nanoTime();
        PrecisionSpectrum spectrum = PrecisionSpectrum.of(p);
        int heaviest = spectrum.heaviestComponent();
        Path spectrumPng = dir.resolve(name(SPECTRUM, suffix));
        spectrum.writeChart("Precision spectra (" + layer.label() + ")", spectrumPng);
        pictures.add(spectrumPng);
        Path heatmapPng = dir.resolve(name(HEATMAP, suffix));
        PrecisionHeatmap.write(p, heaviest, (p.precision() == Precision.FULL ? "Precision A^T A" : "Precision a^2")
                + " of component " + heaviest + " (largest weight)", heatmapPng);
        pictures.add(heatmapPng);
        md.append("#### Covariance structure\n\n");
        md.append(String.format(Locale.ROOT, "Eigenvalues of each component's precision Sigma_i^-1 = A_i^T A_i "
                + "(1 / feature units²: large = the component pulls hard along that direction), and the precision of "
                + "the largest-weight component %d%s. (%.1f s)%n%n", heaviest,
                p.precision() == Precision.FULL ? " as a heatmap" : " per dimension", seconds(t0)));
        double[] w = weights;
        double spread = Arrays.stream(w).max().orElse(0) - Arrays.stream(w).min().orElse(0);
        if (spread < 1e-3) {
            md.append("All mixture weights are equal to within 1e-3, so \"largest weight\" picks nearly at random "
                    + "(the first of the ties).\n\n");
        }
        md.append("![precision spectra](").append(name(SPECTRUM, suffix)).append(")\n");
        md.append("![precision of the largest-weight component](").append(name(HEATMAP, suffix)).append(")\n\n");
        md.append(spectrum.markdown()).append('\n');
        return trajectories.noisyEnd();
    }

    /** @param pixelAscent output of a DPN on pixels for the noisy sample {@code [M, d]}, or null */
    private static void denoising(InspectedModel model, INDArray sample, INDArray noisySample, int[] classOf,
                                  INDArray pixelAscent, AnalysisSettings settings, Path dir, StringBuilder md,
                                  List<Path> pictures) throws IOException {
        long t0 = System.nanoTime();
        int m = Math.min(settings.denoisingExamples(), sample.rows());
        INDArray clean = rows(sample, m);
        INDArray noisy = rows(noisySample, m);
        classOf = Arrays.copyOf(classOf, m);
        List<DenoisingPicture.Row> rows = new ArrayList<>();
        // one forward pass for both rows: a DPN's ascent costs about as much for 10 examples as for 100
        int[] predicted = model.predict(Nd4j.concat(0, clean, noisy));
        rows.add(new DenoisingPicture.Row("clean", clean, Arrays.copyOfRange(predicted, 0, m)));
        rows.add(new DenoisingPicture.Row("noisy (" + settings.noise().describe() + ")", noisy,
                Arrays.copyOfRange(predicted, m, 2 * m)));
        String ascended = "";
        if (pixelAscent != null) {
            rows.add(new DenoisingPicture.Row("noisy after DPN", rows(pixelAscent, m), null));
            ascended = ", and the noisy image after the DPN ascent (the layer's output, which the next layer sees)";
        }
        Path png = dir.resolve(DENOISING);
        DenoisingPicture.write(rows, classOf, "Denoising examples: clean, noisy" + (ascended.isEmpty() ? ""
                : ", after the DPN ascent") + " (pred = network's class)", png);
        pictures.add(png);
        md.append("### Denoising examples\n\n");
        md.append(String.format(Locale.ROOT, "The first %d test images, clean and with `%s` noise, with the "
                + "network's prediction for each%s. (%.1f s)%n%n", m, settings.noise().describe(), ascended,
                seconds(t0)));
        md.append("![denoising examples](").append(DENOISING).append(")\n\n");
    }

    /** @return FLOPs of one example's ascent through the layer: n steps of {@link Precision#flopsPerStep} at B = 1 */
    static double ascentFlops(Potential p) {
        return p.steps() * p.precision().flopsPerStep(1, p.components(), p.dimensions());
    }

    private static String name(String file, String suffix) {
        return suffix.isEmpty() ? file : file.replace(".png", suffix + ".png");
    }

    private static INDArray rows(INDArray a, int count) {
        return a.get(NDArrayIndex.interval(0, count), NDArrayIndex.all()).dup('c');
    }

    private static int[] classes(INDArray oneHot) {
        INDArray argmax = oneHot.argMax(1);
        int[] c = new int[oneHot.rows()];
        for (int j = 0; j < c.length; j++) {
            c[j] = argmax.getInt(j);
        }
        return c;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    /** @return the markdown section, from {@value #BEGIN} to {@value #END} */
    public String markdown() {
        return markdown;
    }

    /** @return the PNG files written, in the order they appear in the section */
    public List<Path> pictures() {
        return pictures;
    }

    /**
     * Adds the section to a report file, replacing the section of an earlier analysis (the text between
     * {@value #BEGIN} and {@value #END}); creates the file if it does not exist.
     *
     * @param report a run's {@code report.md}
     * @throws IOException on read or write errors
     */
    public void appendTo(Path report) throws IOException {
        String text = Files.isRegularFile(report) ? Files.readString(report, StandardCharsets.UTF_8) : "";
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin >= 0 && end > begin) {
            int after = end + END.length();
            if (after < text.length() && text.charAt(after) == '\n') {
                after++;
            }
            text = text.substring(0, begin) + text.substring(after);
        }
        if (!text.isEmpty() && !text.endsWith("\n\n")) {
            text += text.endsWith("\n") ? "\n" : "\n\n";
        }
        RunDirectory.writeAtomically(report, text + markdown);
    }
}
