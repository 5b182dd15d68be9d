package io.github.dpn4j.examples.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Checks on written pictures (public: the CLI test uses it). */
public final class Pngs {

    private Pngs() {
    }

    /**
     * Asserts that {@code png} is a readable PNG, not blank (more than one colour), and returns it.
     *
     * @param png the file
     * @return the image
     */
    public static BufferedImage readDrawn(Path png) throws IOException {
        assertTrue(Files.isRegularFile(png), "missing " + png);
        assertTrue(Files.size(png) > 0, "empty " + png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "not a readable image: " + png);
        int first = image.getRGB(0, 0);
        boolean varied = false;
        for (int y = 0; y < image.getHeight() && !varied; y += 3) {
            for (int x = 0; x < image.getWidth() && !varied; x += 3) {
                varied = image.getRGB(x, y) != first;
            }
        }
        assertTrue(varied, "blank picture " + png);
        return image;
    }

    /** @return how many pixels of {@code image} have exactly the colour {@code colour} */
    public static int count(BufferedImage image, java.awt.Color colour) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                n += (image.getRGB(x, y) & 0xFFFFFF) == (colour.getRGB() & 0xFFFFFF) ? 1 : 0;
            }
        }
        return n;
    }

    /** Asserts a readable, drawn PNG of exactly {@code width x height}. */
    public static void assertSize(Path png, int width, int height) throws IOException {
        BufferedImage image = readDrawn(png);
        assertEquals(width, image.getWidth(), "width of " + png);
        assertEquals(height, image.getHeight(), "height of " + png);
    }
}
