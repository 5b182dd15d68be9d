package io.github.dpn4j.examples.ui;

import io.github.dpn4j.layer.DenoisingPotential;
import io.github.dpn4j.layer.PotentialStats;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToDoubleFunction;
import org.deeplearning4j.core.storage.Persistable;
import org.deeplearning4j.core.storage.StatsStorage;
import org.deeplearning4j.core.storage.StatsStorageEvent;
import org.deeplearning4j.ui.api.HttpMethod;
import org.deeplearning4j.ui.i18n.I18NResource;
import org.deeplearning4j.ui.api.Route;
import org.deeplearning4j.ui.api.UIModule;
import org.deeplearning4j.ui.model.stats.BaseStatsListener;
import org.deeplearning4j.ui.model.stats.api.StatsReport;
import org.deeplearning4j.ui.model.stats.api.StatsType;

/**
 * A page of DL4J's training UI, {@value #PATH}, that charts what each DPN layer does during training (the
 * {@link PotentialStatsReport}s in the attached storages: alpha, potential before and after the ascent, mean step
 * length, responsibility entropy, steps taken) and lists the DPN parameters' mean magnitudes that DL4J's own
 * {@code StatsListener} recorded. Found by DL4J's UI server through {@code META-INF/services}; the page refreshes
 * itself every {@value #REFRESH_SECONDS} s. {@value #PATH}{@code /SESSION} shows one session, {@value #PATH} the most
 * recent.
 */
public final class PotentialModule implements UIModule {

    /** Path of the page on the UI server: {@value}. */
    public static final String PATH = "/dpn";
    /** Auto-refresh period of the page in seconds: {@value}. */
    public static final int REFRESH_SECONDS = 5;

    private static final Set<String> PARAMETER_KEYS = Set.of(DenoisingPotential.MU, DenoisingPotential.A,
            DenoisingPotential.C, DenoisingPotential.ALPHA);

    private final List<StatsStorage> storages = new CopyOnWriteArrayList<>();

    @Override
    public List<String> getCallbackTypeIDs() {
        return List.of();
    }

    @Override
    public List<Route> getRoutes() {
        return List.of(new Route(PATH, HttpMethod.GET, (args, rc) -> page(rc, null)),
                new Route(PATH + "/:session", HttpMethod.GET, (args, rc) -> page(rc, args.get(0))));
    }

    @Override
    public void reportStorageEvents(Collection<StatsStorageEvent> events) {
        // the page reads the storages when it is requested
    }

    @Override
    public void onAttach(StatsStorage statsStorage) {
        storages.add(statsStorage);
    }

    @Override
    public void onDetach(StatsStorage statsStorage) {
        storages.remove(statsStorage);
    }

    @Override
    public List<I18NResource> getInternationalizationResources() {
        return List.of();
    }

    private void page(RoutingContext rc, String session) {
        rc.response().putHeader("content-type", "text/html; charset=utf-8").end(html(session));
    }

    /**
     * @param session a session ID, or null for the most recent session with DPN reports
     * @return the page
     */
    String html(String session) {
        Map<String, StatsStorage> sessions = new LinkedHashMap<>();
        for (StatsStorage s : storages) {
            for (String id : s.listSessionIDs()) {
                if (s.listTypeIDsForSession(id).contains(PotentialStatsReport.TYPE_ID)) {
                    sessions.put(id, s);
                }
            }
        }
        String shown = session != null ? session : sessions.keySet().stream()
                .max(Comparator.comparingLong(id -> latest(sessions.get(id), id))).orElse(null);
        StringBuilder h = new StringBuilder("<!DOCTYPE html><html><head><meta charset='utf-8'>")
                .append("<meta http-equiv='refresh' content='").append(REFRESH_SECONDS).append("'>")
                .append("<title>DPN layers</title><style>body{font-family:sans-serif;margin:20px}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;"
                        + "text-align:right}.charts{display:flex;flex-wrap:wrap;gap:12px}</style></head><body>");
        h.append("<h1>Denoising Potential layers</h1><p>DL4J training UI: <a href='/train/overview'>overview</a>, "
                + "<a href='/train/model'>model</a>. Sessions:");
        for (String id : sessions.keySet()) {
            h.append(" <a href='").append(PATH).append('/').append(Html.escape(id)).append("'>")
                    .append(Html.escape(id)).append("</a>");
        }
        h.append("</p>");
        if (shown == null || !sessions.containsKey(shown)) {
            h.append("<p id='empty'>No DPN measurements ").append(shown == null ? "yet" : "in session "
                    + Html.escape(shown)).append(".</p></body></html>");
            return h.toString();
        }
        StatsStorage storage = sessions.get(shown);
        h.append("<h2>Session <span id='session'>").append(Html.escape(shown)).append("</span></h2>");
        Map<String, List<PotentialStats>> layers = new TreeMap<>();
        for (Persistable p : storage.getAllUpdatesAfter(shown, PotentialStatsReport.TYPE_ID, -1)) {
            PotentialStats s = ((PotentialStatsReport) p).stats();
            layers.computeIfAbsent(s.layer(), k -> new ArrayList<>()).add(s);
        }
        for (Map.Entry<String, List<PotentialStats>> e : layers.entrySet()) {
            layerSection(h, e.getKey(), e.getValue());
        }
        parameterTable(h, storage, shown);
        return h.append("</body></html>").toString();
    }

    private static long latest(StatsStorage storage, String session) {
        Persistable p = storage.getLatestUpdate(session, PotentialStatsReport.TYPE_ID, PotentialStatsStorage.WORKER_ID);
        return p == null ? Long.MIN_VALUE : p.getTimeStamp();
    }

    private static void layerSection(StringBuilder h, String layer, List<PotentialStats> stats) {
        stats.sort(Comparator.comparingInt(PotentialStats::iteration));
        PotentialStats last = stats.get(stats.size() - 1);
        h.append("<h3>Layer ").append(Html.escape(layer)).append("</h3>");
        h.append(String.format(Locale.ROOT, "<table class='latest'><tr><th>iteration</th><th>epoch</th><th>alpha</th>"
                        + "<th>potential before</th><th>potential after</th><th>mean step length</th>"
                        + "<th>responsibility entropy (nats)</th><th>components used</th><th>steps taken</th></tr>"
                        + "<tr><td>%d</td><td>%d</td><td>%.4g</td><td>%.4g</td><td>%.4g</td><td>%.4g</td><td>%.4g</td>"
                        + "<td>%.2f</td><td>%d</td></tr></table>", last.iteration(), last.epoch(), last.stepSize(),
                last.potentialBefore(), last.potentialAfter(), last.meanStepLength(), last.responsibilityEntropy(),
                last.effectiveComponents(), last.stepsTaken()));
        double[] x = values(stats, PotentialStats::iteration);
        h.append("<div class='charts'>");
        h.append(new SvgLineChart("alpha (step size)").series("alpha", x, values(stats, PotentialStats::stepSize)).svg());
        h.append(new SvgLineChart("mean potential phi").series("before the ascent", x,
                values(stats, PotentialStats::potentialBefore)).series("after the ascent", x,
                values(stats, PotentialStats::potentialAfter)).svg());
        h.append(new SvgLineChart("mean step length").series("step length", x,
                values(stats, PotentialStats::meanStepLength)).svg());
        h.append(new SvgLineChart("responsibility entropy (nats)").series("entropy", x,
                values(stats, PotentialStats::responsibilityEntropy)).svg());
        h.append(new SvgLineChart("steps taken").series("steps", x, values(stats, PotentialStats::stepsTaken)).svg());
        h.append("</div>");
    }

    private static void parameterTable(StringBuilder h, StatsStorage storage, String session) {
        List<Persistable> reports = storage.getLatestUpdateAllWorkers(session, BaseStatsListener.TYPE_ID);
        if (reports == null || reports.isEmpty()) {
            return;
        }
        Map<String, Double> magnitudes = ((StatsReport) reports.get(0)).getMeanMagnitudes(StatsType.Parameters);
        if (magnitudes == null) {
            return;
        }
        h.append("<h3>DPN parameters (DL4J StatsListener, latest mean magnitudes)</h3><table class='parameters'>"
                + "<tr><th>parameter</th><th>mean |value|</th></tr>");
        new TreeMap<>(magnitudes).forEach((key, value) -> {
            if (PARAMETER_KEYS.contains(key.substring(key.lastIndexOf('_') + 1))) {
                h.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%.4g</td></tr>", Html.escape(key), value));
            }
        });
        h.append("</table>");
    }

    private static double[] values(List<PotentialStats> stats, ToDoubleFunction<PotentialStats> f) {
        return stats.stream().mapToDouble(f).toArray();
    }
}
