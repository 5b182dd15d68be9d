package io.github.dpn4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dpn4j.layer.DenoisingPotential;
import io.github.dpn4j.layer.KMeansInit;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A DPN network trained by DL4J's {@code SparkDl4jMultiLayer} (parameter averaging) on a {@code local[2]} Spark
 * master: it learns, and the trained model saves and loads like any other.
 */
class SparkTrainingTest {

    private static final int FEATURES = 8;
    private static final int CLASSES = 3;

    @TempDir
    Path dir;

    /** Three Gaussian blobs in 8 dimensions, one per class; seeded. */
    private static DataSet blobs(int n, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.randn(DataType.FLOAT, n, FEATURES).muli(0.5);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, CLASSES);
        for (int i = 0; i < n; i++) {
            int c = i % CLASSES;
            x.putScalar(i, c, x.getDouble(i, c) + 2.0);
            y.putScalar(i, c, 1.0);
        }
        return new DataSet(x, y);
    }

    private static MultiLayerConfiguration conf() {
        return new NeuralNetConfiguration.Builder().seed(42).dataType(DataType.FLOAT).updater(new Adam(1e-2))
                .weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nOut(6).activation(Activation.TANH).build())
                .layer(new DenoisingPotential.Builder().components(3).steps(3).name("dpn").build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(FEATURES))
                .build();
    }

    @Test
    void sparkDl4jMultiLayer_local2_learnsAndTheModelRoundTrips() throws Exception {
        DataSet train = blobs(384, 1);
        DataSet test = blobs(96, 2);
        MultiLayerNetwork net = new MultiLayerNetwork(conf());
        net.init();
        KMeansInit.fit(net, 1, new ListDataSetIterator<>(train.asList(), 64), 384, 42);
        double before = net.score(test);

        SparkConf spark = new SparkConf().setMaster("local[2]").setAppName("dpn4j-spark-test")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1");
        try (JavaSparkContext sc = new JavaSparkContext(spark)) {
            List<DataSet> batches = new ArrayList<>(train.batchBy(32));
            JavaRDD<DataSet> rdd = sc.parallelize(batches, 2);
            ParameterAveragingTrainingMaster tm = new ParameterAveragingTrainingMaster.Builder(32)
                    .averagingFrequency(2).workerPrefetchNumBatches(0).build();
            SparkDl4jMultiLayer sparkNet = new SparkDl4jMultiLayer(sc, net, tm);
            for (int epoch = 0; epoch < 5; epoch++) {
                sparkNet.fit(rdd);
            }
            MultiLayerNetwork trained = sparkNet.getNetwork();
            double after = trained.score(test);
            assertTrue(after < before, "test loss " + before + " -> " + after);
            double accuracy = trained.evaluate(new ListDataSetIterator<>(test.asList(), 32)).accuracy();
            assertTrue(accuracy > 0.6, "accuracy " + accuracy + " (chance 0.33)");

            File file = dir.resolve("spark-dpn.zip").toFile();
            ModelSerializer.writeModel(trained, file, true);
            MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file, true);
            assertEquals(trained.getLayerWiseConfigurations().toJson(), restored.getLayerWiseConfigurations().toJson());
            assertEquals(trained.params(), restored.params());
            assertEquals(trained.output(test.getFeatures()), restored.output(test.getFeatures()));
        }
    }
}
