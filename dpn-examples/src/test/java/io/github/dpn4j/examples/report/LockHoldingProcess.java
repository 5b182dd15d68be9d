package io.github.dpn4j.examples.report;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A separate JVM for {@link StagedRunTest}: stages a run in the directory given as the argument, writes a model into
 * the staging area, prints {@value #READY} and waits to be killed.
 */
public final class LockHoldingProcess {

    /** Printed once the run directory is locked: {@value}. */
    static final String READY = "locked";

    private LockHoldingProcess() {
    }

    public static void main(String[] args) throws Exception {
        StagedRun staged = RunDirectory.stage(Path.of(args[0]), false, "lock-holding test process");
        Files.writeString(staged.run().model(), "half-trained model");
        System.out.println(READY);
        System.out.flush();
        Thread.sleep(120_000);  // killed by the test long before; the sleep only bounds a leaked process
    }
}
