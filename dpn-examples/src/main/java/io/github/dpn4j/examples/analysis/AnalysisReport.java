package io.github.dpn4j.examples.analysis;

import io.github.dpn4j.examples.report.MarkedSection;
import io.github.dpn4j.layer.Potential;
import io.github.dpn4j.layer.Precision;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.nd4j.linalg.dataset.DataSet;

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
    private static final MarkedSection SECTION = new MarkedSection(BEGIN, END);

    /** Fewest separation examples the cost cap leaves: {@value}. */
    public static final int MIN_EXAMPLES = 100;
    /** Number of classes of the labels (MNIST digits): {@value}. */
    public static final int CLASSES = 10;

    /** The section's text, without its markers. */
    private final String body;
    private final List<Path> pictures;

    AnalysisReport(String body, List<Path> pictures) {
        this.body = body;
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
        return new AnalysisSections(model, test, settings, dir).write(context);
    }

    /** @return FLOPs of one example's ascent through the layer: n steps of {@link Precision#flopsPerStep} at B = 1 */
    static double ascentFlops(Potential p) {
        return p.steps() * p.precision().flopsPerStep(1, p.components(), p.dimensions());
    }

    /** @return the markdown section, from {@value #BEGIN} to {@value #END} */
    public String markdown() {
        return SECTION.block(body) + "\n";
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
        SECTION.writeInto(report, body, "");
    }
}
