package dev.verdict.budget;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Latency by percentile, as HdrHistogram's plotter draws it: the x axis is {@code 1 / (1 - p)} on
 * a log scale, so 90%, 99%, 99.9% and 99.99% are equally far apart and the tail gets the room;
 * the y axis is latency on a log scale. Drawn with Java2D (headless) into a PNG.
 */
final class PercentilePlot {
    private static final int WIDTH = 960;
    private static final int HEIGHT = 540;
    private static final int LEFT = 90;
    private static final int RIGHT = 220;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;
    private static final double MAX_X = 1e5; // 99.999%
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728),
        new Color(0x2ca02c), new Color(0x9467bd), new Color(0x8c564b), new Color(0x7f7f7f)};

    /** One line of the plot. */
    record Series(String label, Histogram histogram, boolean dashed) {
    }

    private PercentilePlot() {
    }

    static void write(Path file, String title, List<Series> series, Long limitNanos, String limitLabel)
            throws IOException {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        double minY = Double.MAX_VALUE;
        double maxY = 0;
        for (Series s : series) {
            if (s.histogram.getTotalCount() > 0) {
                minY = Math.min(minY, Math.max(1, s.histogram.getMinNonZeroValue()));
                maxY = Math.max(maxY, s.histogram.getMaxValue());
            }
        }
        if (limitNanos != null) {
            maxY = Math.max(maxY, limitNanos);
            minY = Math.min(minY, limitNanos);
        }
        if (maxY == 0) {
            minY = 1;
            maxY = 10;
        }
        double lo = Math.pow(10, Math.floor(Math.log10(minY)));
        double hi = Math.pow(10, Math.ceil(Math.log10(maxY * 1.01)));
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;

        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.setColor(Color.BLACK);
        g.drawString(title, LEFT, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        // Grid and axes.
        String[] xLabels = {"0%", "90%", "99%", "99.9%", "99.99%", "99.999%"};
        for (int i = 0; i < xLabels.length; i++) {
            int x = LEFT + (int) Math.round(plotW * i / Math.log10(MAX_X));
            g.setColor(new Color(0xe0e0e0));
            g.drawLine(x, TOP, x, TOP + plotH);
            g.setColor(Color.DARK_GRAY);
            g.drawString(xLabels[i], x - g.getFontMetrics().stringWidth(xLabels[i]) / 2, TOP + plotH + 18);
        }
        for (double y = lo; y <= hi * 1.0001; y *= 10) {
            int py = yPixel(y, lo, hi, plotH);
            g.setColor(new Color(0xe0e0e0));
            g.drawLine(LEFT, py, LEFT + plotW, py);
            g.setColor(Color.DARK_GRAY);
            String label = Durations.nanos(y);
            g.drawString(label, LEFT - 8 - g.getFontMetrics().stringWidth(label), py + 4);
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, plotW, plotH);
        g.drawString("percentile", LEFT + plotW / 2 - 25, HEIGHT - 15);
        g.drawString("latency", 10, TOP - 8);

        if (limitNanos != null) {
            int py = yPixel(limitNanos, lo, hi, plotH);
            g.setColor(new Color(0xff7f0e));
            g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
                    new float[] {6, 4}, 0));
            g.drawLine(LEFT, py, LEFT + plotW, py);
            g.drawString(limitLabel, LEFT + plotW + 10, py + 4);
        }
        int legendY = TOP + 10;
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            Color c = COLORS[i % COLORS.length];
            g.setColor(c);
            g.setStroke(s.dashed ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10,
                    new float[] {4, 4}, 0) : new BasicStroke(2.2f));
            Path2D.Double path = new Path2D.Double();
            boolean first = true;
            for (HistogramIterationValue v : s.histogram.percentiles(5)) {
                double p = v.getPercentileLevelIteratedTo() / 100.0;
                double x = p >= 1 ? MAX_X : Math.min(MAX_X, 1 / (1 - p));
                int px = LEFT + (int) Math.round(plotW * Math.log10(x) / Math.log10(MAX_X));
                int py = yPixel(Math.max(lo, v.getValueIteratedTo()), lo, hi, plotH);
                if (first) {
                    path.moveTo(px, py);
                    first = false;
                } else {
                    path.lineTo(px, py);
                }
                if (x >= MAX_X) {
                    break;
                }
            }
            g.draw(path);
            g.setStroke(new BasicStroke(2.2f));
            g.drawLine(LEFT + plotW + 10, legendY + i * 20, LEFT + plotW + 30, legendY + i * 20);
            g.setColor(Color.BLACK);
            g.drawString(s.label, LEFT + plotW + 36, legendY + i * 20 + 4);
        }
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private static int yPixel(double value, double lo, double hi, int plotH) {
        double f = (Math.log10(value) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo));
        return TOP + plotH - (int) Math.round(f * plotH);
    }
}
