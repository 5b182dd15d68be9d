package io.github.dpn4j.layer;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.Arrays;

/** A {@link DenoisingPotential} layer looked up in a network, with errors that say what is there instead. */
final class FoundLayer {

    final Layer layer;
    final DenoisingPotential config;

    private FoundLayer(Layer layer, String where) {
        if (!(layer.conf().getLayer() instanceof DenoisingPotential)) {
            throw new IllegalArgumentException(where + " is a " + layer.conf().getLayer().getClass().getSimpleName()
                    + ", not a DenoisingPotential");
        }
        this.layer = layer;
        this.config = (DenoisingPotential) layer.conf().getLayer();
    }

    static FoundLayer in(MultiLayerNetwork net, int layerIndex) {
        if (layerIndex < 0 || layerIndex >= net.getnLayers()) {
            throw new IllegalArgumentException("Layer index " + layerIndex + " out of range: network has "
                    + net.getnLayers() + " layers");
        }
        return new FoundLayer(net.getLayer(layerIndex), "layer " + layerIndex);
    }

    static FoundLayer in(ComputationGraph graph, String layerName) {
        GraphVertex vertex = graph.getVertex(layerName);
        if (vertex == null || !vertex.hasLayer()) {
            throw new IllegalArgumentException("No layer named \"" + layerName + "\" in the graph; layers: "
                    + Arrays.toString(Arrays.stream(graph.getLayers()).map(l -> l.conf().getLayer().getLayerName())
                    .toArray()));
        }
        return new FoundLayer(vertex.getLayer(), "layer \"" + layerName + "\"");
    }
}
