package io.github.dpn4j.layer;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;

/**
 * The noise-conditional potential of {@link NoiseConditionalPotential} as SameDiff ops, so that SameDiff's autodiff
 * supplies the gradient of the denoising-score-matching loss with respect to the parameters
 * ({@link DenoisingScoreMatching}) and serves as the test oracle for the closed forms.
 * <p>
 * The score {@code ∇phi_s} is written in closed form as ops (SameDiff cannot differentiate a gradient twice), so the
 * loss's parameter gradient is plain first-order autodiff. One noise level {@code s} per evaluation, fed as
 * {@code s² [1, 1]}: then every product is {@code [B, d]×[d, k]} or {@code [B, k]×[k, d]}. Log-sum-exp and softmax are
 * written in their stable forms by hand (M2.1's {@code logSumExp} backward is broken).
 */
final class NoiseConditionalGraph {

    private final SameDiff sd;
    private final SDVariable mu;
    private final SDVariable logVariance;
    private final SDVariable c;
    private final SDVariable origin;
    private final long width;

    private NoiseConditionalGraph(SameDiff sd, SDVariable mu, SDVariable logVariance, SDVariable c,
                                  SDVariable origin, long width) {
        this.sd = sd;
        this.mu = mu;
        this.logVariance = logVariance;
        this.c = c;
        this.origin = origin;
        this.width = width;
    }

    /**
     * @param mu          centers {@code [k, d]}
     * @param logVariance log-variances {@code [k, d]}
     * @param c           unnormalised log weights {@code [1, k]}
     * @param origin      a fixed point {@code [1, d]} that inputs and centers are shifted to before expanding the
     *                    quadratic form (any value gives the same math; the mean center keeps float32 accurate)
     */
    static NoiseConditionalGraph define(SameDiff sd, SDVariable mu, SDVariable logVariance, SDVariable c,
                                        SDVariable origin, long width) {
        return new NoiseConditionalGraph(sd, mu, logVariance, c, origin, width);
    }

    /** Component energies {@code [B, k]} at noise level {@code s} ({@code s2 = s² [1, 1]}). */
    SDVariable energies(SDVariable x, SDVariable s2) {
        Terms t = terms(s2);
        SDVariable xc = x.sub(origin);
        return sd.mmul(xc.mul(xc), t.precision, false, true, false).mul(-0.5)
                .add(sd.mmul(xc, t.scaledCenters, false, true, false)).add(t.constant);
    }

    /** {@code phi_s(x)} per row, {@code [B, 1]}. */
    SDVariable logDensity(SDVariable x, SDVariable s2) {
        return logSumExpRows(energies(x, s2));
    }

    /** Closed-form {@code ∇phi_s(x) = r·M - x ⊙ (r·D)}, {@code [B, d]}. */
    SDVariable gradient(SDVariable x, SDVariable s2) {
        Terms t = terms(s2);
        SDVariable xc = x.sub(origin);
        SDVariable e = sd.mmul(xc.mul(xc), t.precision, false, true, false).mul(-0.5)
                .add(sd.mmul(xc, t.scaledCenters, false, true, false)).add(t.constant);
        SDVariable r = sd.math.exp(e.sub(logSumExpRows(e)));
        return r.mmul(t.scaledCenters).sub(xc.mul(r.mmul(t.precision)));
    }

    /**
     * The denoising-score-matching loss {@code Σ ‖x̃ + s² ∇phi_s(x̃) - x‖² · scale}, with {@code scale = 1/(B·d·s²)}
     * fed as {@code [1, 1]}: a scalar.
     */
    SDVariable scoreMatchingLoss(String name, SDVariable noisy, SDVariable clean, SDVariable s2, SDVariable scale) {
        SDVariable residual = noisy.add(gradient(noisy, s2).mul(s2)).sub(clean);
        return sd.sum(name, residual.mul(residual).mul(scale));
    }

    private Terms terms(SDVariable s2) {
        SDVariable smoothed = sd.math.exp(logVariance).add(s2);        // v + s²   [k, d]
        SDVariable precision = sd.math.reciprocal(smoothed);            // D        [k, d]
        SDVariable centered = mu.sub(origin);
        SDVariable scaledCenters = centered.mul(precision);             // M        [k, d]
        SDVariable logWeights = c.sub(logSumExpRows(c));                // [1, k]
        SDVariable quadratic = scaledCenters.mul(centered).sum(true, 1); // [k, 1]
        SDVariable logDet = sd.math.log(smoothed).sum(true, 1);         // [k, 1]
        SDVariable constant = logWeights.sub(sd.transpose(quadratic.add(logDet).mul(0.5)))
                .sub(0.5 * Math.log(2 * Math.PI) * width);
        return new Terms(precision, scaledCenters, constant);
    }

    private SDVariable logSumExpRows(SDVariable e) {
        SDVariable max = new StopGradient(sd, e.max(true, 1)).outputVariable();
        return sd.math.log(sd.math.exp(e.sub(max)).sum(true, 1)).add(max);
    }

    private static final class Terms {
        final SDVariable precision;
        final SDVariable scaledCenters;
        final SDVariable constant;

        Terms(SDVariable precision, SDVariable scaledCenters, SDVariable constant) {
            this.precision = precision;
            this.scaledCenters = scaledCenters;
            this.constant = constant;
        }
    }
}
