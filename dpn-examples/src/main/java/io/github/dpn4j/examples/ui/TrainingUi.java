package io.github.dpn4j.examples.ui;

import org.deeplearning4j.core.storage.StatsStorage;
import org.deeplearning4j.ui.VertxUIServer;

/**
 * DL4J's training UI server (Vert.x) with the DPN page ({@link PotentialModule}). One per JVM (DL4J keeps a single
 * instance); it stops with the JVM or {@link #stop()}.
 */
public final class TrainingUi {

    /** DL4J's default UI port: {@value}. */
    public static final int DEFAULT_PORT = VertxUIServer.DEFAULT_UI_PORT;

    private final VertxUIServer server;

    private TrainingUi(VertxUIServer server) {
        this.server = server;
    }

    /**
     * @param port TCP port, 0 for any free one
     * @return the running server
     * @throws IllegalArgumentException if the port is out of range
     * @throws org.deeplearning4j.exception.DL4JException if the server cannot start (e.g. the port is taken)
     */
    public static TrainingUi start(int port) {
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("UI port must be in 0..65535, got " + port);
        }
        return new TrainingUi(VertxUIServer.getInstance(port, false, null));
    }

    /** @param storage shown by the UI from now on */
    public void attach(StatsStorage storage) {
        server.attach(storage);
    }

    /** @return the port the server listens on */
    public int port() {
        return server.getPort();
    }

    /** @return the address of DL4J's training overview, e.g. {@code http://localhost:9000/train/overview} */
    public String overviewAddress() {
        return server.getAddress() + "/train/overview";
    }

    /** @return the address of the DPN page, e.g. {@code http://localhost:9000/dpn} */
    public String potentialAddress() {
        return server.getAddress() + PotentialModule.PATH;
    }

    /** Stops the server. */
    public void stop() throws InterruptedException {
        server.stop();
    }
}
