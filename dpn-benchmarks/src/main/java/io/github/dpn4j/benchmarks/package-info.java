/**
 * JMH benchmarks of the Denoising Potential layer, one class per question: {@link io.github.dpn4j.benchmarks.LayerBenchmark}
 * (the layer over the grid), {@link io.github.dpn4j.benchmarks.GemmBenchmark} (ND4J's GEMM rate at the step's
 * shapes, the hardware reference), {@link io.github.dpn4j.benchmarks.NetworkBenchmark} (the example networks), plus two
 * command-line programs: {@link io.github.dpn4j.benchmarks.ResultsReport} (JMH JSON to {@code RESULTS.md}) and
 * {@link io.github.dpn4j.benchmarks.SoakRun} (memory growth over 10,000 training iterations).
 * {@link io.github.dpn4j.benchmarks.FlopModel} is the FLOP count every rate is computed from.
 */
package io.github.dpn4j.benchmarks;
