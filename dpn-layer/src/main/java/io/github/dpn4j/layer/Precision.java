package io.github.dpn4j.layer;

/**
 * Structure of the precision matrices {@code Sigma_i^-1 = A_i^T A_i} of the potential's components.
 */
public enum Precision {
    /**
     * Each component has a full factor {@code A_i} of shape {@code [d, d]}: parameter {@code A} is {@code [k, d, d]}.
     * A step costs about {@code 4·B·k·d²} FLOPs (two GEMMs).
     */
    FULL,
    /**
     * Each component has a diagonal factor {@code A_i = diag(a_i)}: parameter {@code A} is {@code [k, d]}.
     * A step costs {@code O(B·k·d)}.
     */
    DIAGONAL
}
