package io.github.dpn4j.examples.analysis;

import static io.github.dpn4j.examples.analysis.AnalysisReport.ASCENT;
import static io.github.dpn4j.examples.analysis.AnalysisReport.CENTERS;
import static io.github.dpn4j.examples.analysis.AnalysisReport.CLASSES;
import static io.github.dpn4j.examples.analysis.AnalysisReport.COMPOSITION;
import static io.github.dpn4j.examples.analysis.AnalysisReport.DENOISING;
import static io.github.dpn4j.examples.analysis.AnalysisReport.HEATMAP;
import static io.github.dpn4j.examples.analysis.AnalysisReport.MIN_EXAMPLES;
import static io.github.dpn4j.examples.analysis.AnalysisReport.SEPARATION;
import static io.github.dpn4j.examples.analysis.AnalysisReport.SPECTRUM;
import static io.github.dpn4j.examples.analysis.AnalysisReport.TRAJECTORIES;

import io.github.dpn4j.layer.Potential;
import io.github.dpn4j.layer.Precision;
import java.io.IOException;
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
 * The sections of one {@link AnalysisReport}, written in order: each method takes its figures from the statistics
 * classes ({@link LayerSeparation}, {@link TrajectoryPicture}, {@link CenterComposition}, {@link PrecisionSpectrum}),
 * draws its pictures into the directory and appends its prose. What the sections share (the model, the settings,
 * the examples, the text and the pictures so far) lives in the fields. Used once.
 */
final class AnalysisSections {

    private final InspectedModel model;
    private final AnalysisSettings settings;
    private final Path dir;
    private final StringBuilder md = new StringBuilder();
    private final List<Path> pictures = new ArrayList<>();

    /** Examples asked for, before the cost cap. */
    private final int requested;
    /** FLOPs of one example's ascents through every DPN layer. */
    private final double perExample;
    /** The separation examples {@code [N, inputWidth]} and their classes. */
    private final INDArray x;
    private final int[] classOf;
    /** The first examples, clean and noisy, for the trajectories and the denoising pictures. */
    private final INDArray sample;
    private final INDArray noisySample;

    AnalysisSections(InspectedModel model, DataSet test, AnalysisSettings settings, Path dir) {
        this.model = model;
        this.settings = settings;
        this.dir = dir;
        this.requested = Math.min(settings.examples(), test.numExamples());
        this.perExample = model.potentials().stream().mapToDouble(p -> AnalysisReport.ascentFlops(p.potential()))
                .sum();
        int used = requested;
        if (perExample * requested > settings.potentialFlopBudget()) {
            used = Math.min(requested, Math.max(MIN_EXAMPLES, (int) (settings.potentialFlopBudget() / perExample)));
        }
        this.x = rows(test.getFeatures(), used);
        this.classOf = classes(rows(test.getLabels(), used));
        // one noisy sample for the trajectories and the denoising examples: the same images, the same noise
        this.sample = rows(x, Math.min(Math.max(settings.trajectoryExamples(), settings.denoisingExamples()), used));
        this.noisySample = settings.noise().apply(sample, settings.noiseSeed());
    }

    /**
     * @param context the report's first line: the command and the data
     * @return the report: every section's text and the pictures written
     * @throws IOException on write errors
     */
    AnalysisReport write(String context) throws IOException {
        long start = System.nanoTime();
        Files.createDirectories(dir);
        md.append("## Analysis\n\n").append(context).append("\n\n");
        md.append(String.format(Locale.ROOT, "Model: %s. Noise of the trajectory and denoising examples: `%s` "
                + "(seed %d).%n%n", model, settings.noise().describe(), settings.noiseSeed()));
        separation();
        List<InspectedModel.PotentialLayer> potentials = model.potentials();
        INDArray pixelAscent = null;
        for (InspectedModel.PotentialLayer layer : potentials) {
            String suffix = potentials.size() > 1 ? "-" + layer.key() : "";
            md.append(String.format(Locale.ROOT, "### DPN layer `%s`: k = %d, d = %d, n = %d, %s precision, "
                            + "alpha = %.4g%n%n", layer.label(), layer.potential().components(),
                    layer.potential().dimensions(), layer.potential().steps(), layer.potential().precision(),
                    layer.potential().stepSize()));
            INDArray inputs = model.potentialInput(layer, x);
            INDArray noisyAscent = trajectories(layer, inputs, suffix);
            centers(layer, inputs, suffix);
            covariance(layer, suffix);
            if (pixelAscent == null && layer.onInput()) {
                pixelAscent = noisyAscent;
            }
        }
        if (PixelImages.sideOf(x.columns()) > 0) {
            denoising(pixelAscent);
        }
        md.append(String.format(Locale.ROOT, "Analysis time: %.1f s.%n", seconds(start)));
        return new AnalysisReport(md.toString(), pictures);
    }

    private void separation() throws IOException {
        long t0 = System.nanoTime();
        List<InspectedModel.PotentialLayer> potentials = model.potentials();
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
        separation.writeChart(picture(SEPARATION), "Class separation per layer (" + x.rows()
                + " clean test examples)", quoted);
        md.append("### Separation per layer\n\n");
        md.append(String.format(Locale.ROOT, "He & Su (2023) statistics of the features each layer produces for the "
                + "first %d clean test examples, in float64: fuzziness D = Tr(SS_w SS_b^+) (lower = classes better "
                + "separated), B/W = Tr SS_b / Tr SS_w, the mean distance between class means, and the share of "
                + "the variance along the first two principal components. Logits are the output layer's "
                + "pre-activation h W + b (not log softmax).", x.rows()));
        if (x.rows() < requested) {
            md.append(String.format(Locale.ROOT, " **Capped:** %d of the %d requested examples, because the DPN "
                    + "ascent costs %.2g FLOPs per example and the budget is %.2g FLOPs (`--max-dpn-flops`).",
                    x.rows(), requested, perExample, settings.potentialFlopBudget()));
        }
        if (!quoted.isEmpty()) {
            md.append(" The seed columns quote the seed study's figures for the same configuration (its PCA "
                    + "explained variance was not quoted after the DPN).");
        }
        md.append(String.format(Locale.ROOT, " (%.1f s)%n%n", seconds(t0)));
        md.append(separation.markdown(quoted)).append('\n');
        md.append("![separation per layer](").append(SEPARATION).append(")\n\n");
    }

    /** @return the end of the noisy sample's ascent through the layer (its output) {@code [M, d]} */
    private INDArray trajectories(InspectedModel.PotentialLayer layer, INDArray inputs, String suffix)
            throws IOException {
        long t0 = System.nanoTime();
        Potential p = layer.potential();
        TrajectoryPicture trajectories = TrajectoryPicture.ascend(p, model.potentialInput(layer, sample),
                model.potentialInput(layer, noisySample), Arrays.copyOf(classOf, sample.rows()));
        PrincipalComponents pca = PrincipalComponents.fit(inputs, Math.min(2, (int) p.dimensions()));
        md.append("#### Trajectories\n\n");
        md.append(String.format(Locale.ROOT, "The layer's own ascent (`Potential.ascend`) of the first %d test "
                + "examples, clean and with noise, drawn in the plane of the first two principal components of the "
                + "layer's input over the %d separation examples; potential and step length per step.", sample.rows(),
                x.rows()));
        boolean plane = pca.componentCount() >= 2;
        if (plane) {
            trajectories.writePaths(pca, p.centers(), "DPN ascent paths (" + layer.label() + ", n = " + p.steps()
                    + ")", picture(name(TRAJECTORIES, suffix)));
        }
        trajectories.writeSteps("DPN ascent per step (" + layer.label() + ", " + sample.rows() + " clean and "
                + sample.rows() + " noisy examples)", picture(name(ASCENT, suffix)));
        if (!(p.stepSize() > 0) || p.steps() == 0) {
            md.append(" **The layer is the identity** (alpha = ").append(p.stepSize()).append(", n = ")
                    .append(p.steps()).append("): every path is a single point.");
        }
        md.append(String.format(Locale.ROOT, " (%.1f s)%n%n", seconds(t0)));
        md.append(trajectories.markdown()).append('\n');
        if (plane) {
            md.append("![ascent paths](").append(name(TRAJECTORIES, suffix)).append(")\n");
        }
        md.append("![ascent per step](").append(name(ASCENT, suffix)).append(")\n\n");
        return trajectories.noisyEnd();
    }

    private void centers(InspectedModel.PotentialLayer layer, INDArray inputs, String suffix) throws IOException {
        long t0 = System.nanoTime();
        Potential p = layer.potential();
        CenterComposition composition = CenterComposition.measure(p, inputs, classOf, CLASSES);
        md.append("#### Centers\n\n");
        md.append(String.format(Locale.ROOT, "Responsibilities r_i(x) = softmax_i(e_i(x)) of the %d clean "
                + "examples at the layer's input; each component's share of each digit. Mass-weighted purity "
                + "(share of the dominant digit): %.2f.", x.rows(), composition.purity()));
        composition.writeChart("Digits covered by each DPN component (" + layer.label() + ")",
                picture(name(COMPOSITION, suffix)));
        boolean images = layer.onInput() && CenterPicture.applies(p);
        if (images) {
            CenterPicture.write(p, composition, "DPN centers mu_i as images (" + layer.label() + ", k = "
                    + p.components() + ")", picture(name(CENTERS, suffix)));
        }
        md.append(String.format(Locale.ROOT, " (%.1f s)%n%n", seconds(t0)));
        if (images) {
            md.append("![centers](").append(name(CENTERS, suffix)).append(")\n");
        }
        md.append("![center composition](").append(name(COMPOSITION, suffix)).append(")\n\n");
        md.append(composition.markdown(CenterPicture.mixtureWeights(p))).append('\n');
    }

    private void covariance(InspectedModel.PotentialLayer layer, String suffix) throws IOException {
        long t0 = System.nanoTime();
        Potential p = layer.potential();
        PrecisionSpectrum spectrum = PrecisionSpectrum.of(p);
        int heaviest = spectrum.heaviestComponent();
        spectrum.writeChart("Precision spectra (" + layer.label() + ")", picture(name(SPECTRUM, suffix)));
        PrecisionHeatmap.write(p, heaviest, (p.precision() == Precision.FULL ? "Precision A^T A" : "Precision a^2")
                + " of component " + heaviest + " (largest weight)", picture(name(HEATMAP, suffix)));
        md.append("#### Covariance structure\n\n");
        md.append(String.format(Locale.ROOT, "Eigenvalues of each component's precision Sigma_i^-1 = A_i^T A_i "
                + "(1 / feature units²: large = the component pulls hard along that direction), and the precision of "
                + "the largest-weight component %d%s. (%.1f s)%n%n", heaviest,
                p.precision() == Precision.FULL ? " as a heatmap" : " per dimension", seconds(t0)));
        double[] w = CenterPicture.mixtureWeights(p);
        double spread = Arrays.stream(w).max().orElse(0) - Arrays.stream(w).min().orElse(0);
        if (spread < 1e-3) {
            md.append("All mixture weights are equal to within 1e-3, so \"largest weight\" picks nearly at random "
                    + "(the first of the ties).\n\n");
        }
        md.append("![precision spectra](").append(name(SPECTRUM, suffix)).append(")\n");
        md.append("![precision of the largest-weight component](").append(name(HEATMAP, suffix)).append(")\n\n");
        md.append(spectrum.markdown()).append('\n');
    }

    /** @param pixelAscent output of a DPN on pixels for the noisy sample {@code [M, d]}, or null */
    private void denoising(INDArray pixelAscent) throws IOException {
        long t0 = System.nanoTime();
        int m = Math.min(settings.denoisingExamples(), sample.rows());
        INDArray clean = rows(sample, m);
        INDArray noisy = rows(noisySample, m);
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
        DenoisingPicture.write(rows, Arrays.copyOf(classOf, m), "Denoising examples: clean, noisy"
                + (ascended.isEmpty() ? "" : ", after the DPN ascent") + " (pred = network's class)",
                picture(DENOISING));
        md.append("### Denoising examples\n\n");
        md.append(String.format(Locale.ROOT, "The first %d test images, clean and with `%s` noise, with the "
                + "network's prediction for each%s. (%.1f s)%n%n", m, settings.noise().describe(), ascended,
                seconds(t0)));
        md.append("![denoising examples](").append(DENOISING).append(")\n\n");
    }

    /** @return the path of a picture in the directory, recorded as written (its writer is called next) */
    private Path picture(String file) {
        Path png = dir.resolve(file);
        pictures.add(png);
        return png;
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
}
