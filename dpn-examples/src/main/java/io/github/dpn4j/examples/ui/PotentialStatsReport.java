package io.github.dpn4j.examples.ui;

import io.github.dpn4j.layer.PotentialStats;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.deeplearning4j.core.storage.Persistable;

/**
 * One {@link PotentialStats} as a DL4J {@link Persistable}, the unit a {@code StatsStorage} stores (type ID
 * {@value #TYPE_ID}). Mutable only because DL4J's storages rebuild persistables with the no-argument constructor
 * and {@code decode}.
 */
public final class PotentialStatsReport implements Persistable {

    /** Type ID of these reports in a {@code StatsStorage}: {@value}. */
    public static final String TYPE_ID = "DpnPotential";

    private static final long serialVersionUID = 1L;

    private String sessionId;
    private String workerId;
    private long timestamp;
    private PotentialStats stats;

    /** For DL4J's storages, which then call {@code decode}. */
    public PotentialStatsReport() {
    }

    /**
     * @param sessionId training session (the run's name)
     * @param workerId  worker that measured
     * @param timestamp milliseconds since the epoch, unique per session and worker (storages key on it)
     * @param stats     the measurement
     */
    public PotentialStatsReport(String sessionId, String workerId, long timestamp, PotentialStats stats) {
        this.sessionId = sessionId;
        this.workerId = workerId;
        this.timestamp = timestamp;
        this.stats = stats;
    }

    /** @return the measurement */
    public PotentialStats stats() {
        return stats;
    }

    @Override
    public String getSessionID() {
        return sessionId;
    }

    @Override
    public String getTypeID() {
        return TYPE_ID;
    }

    @Override
    public String getWorkerID() {
        return workerId;
    }

    @Override
    public long getTimeStamp() {
        return timestamp;
    }

    @Override
    public int encodingLengthBytes() {
        return encode().length;
    }

    @Override
    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            encode(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    public void encode(ByteBuffer buffer) {
        buffer.put(encode());
    }

    @Override
    public void encode(OutputStream outputStream) throws IOException {
        DataOutputStream out = new DataOutputStream(outputStream);
        out.writeUTF(sessionId);
        out.writeUTF(workerId);
        out.writeLong(timestamp);
        out.writeUTF(stats.layer());
        out.writeInt(stats.iteration());
        out.writeInt(stats.epoch());
        out.writeLong(stats.rows());
        out.writeDouble(stats.stepSize());
        out.writeDouble(stats.potentialBefore());
        out.writeDouble(stats.potentialAfter());
        out.writeDouble(stats.meanStepLength());
        out.writeDouble(stats.responsibilityEntropy());
        out.writeInt(stats.stepsTaken());
        out.flush();
    }

    @Override
    public void decode(byte[] decode) {
        try {
            decode(new ByteArrayInputStream(decode));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void decode(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        decode(bytes);
    }

    @Override
    public void decode(InputStream inputStream) throws IOException {
        DataInputStream in = new DataInputStream(inputStream);
        sessionId = in.readUTF();
        workerId = in.readUTF();
        timestamp = in.readLong();
        stats = new PotentialStats(in.readUTF(), in.readInt(), in.readInt(), in.readLong(), in.readDouble(),
                in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(), in.readInt());
    }
}
