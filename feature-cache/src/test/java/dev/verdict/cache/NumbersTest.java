package dev.verdict.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The CSV number parser reads exactly what {@link Float#parseFloat} reads, bit for bit. */
class NumbersTest {
    private static void same(String text) {
        byte[] b = ("," + text + ",").getBytes(StandardCharsets.ISO_8859_1);
        float expected = Float.parseFloat(text);
        float actual = Numbers.parseFloat(b, 1, b.length - 1);
        assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(actual), text);
    }

    @Test
    void matchesFloatParseFloatBitForBit() {
        for (String s : new String[] {"0", "-0", "+1", "1.", ".5", "-.5", "3.4028235e38", "1.4e-45", "1e-46",
                "0.1", "0.30000001192092896", "16777217", "16777216.5", "9007199254740993", "1e22", "1e23",
                "123456789012345678901234", "1E5", "1e+5", "2.5E-3", " 7 ", "0x1p3", "Infinity", "-Infinity",
                "0.000000000000000000000000000000000000000001", "33554431", "67108863.0000001"}) {
            same(s);
        }
        SplittableRandom r = new SplittableRandom(2026);
        for (int i = 0; i < 2_000_000; i++) {
            String s = switch (i % 5) {
                case 0 -> Float.toString(Float.intBitsToFloat(r.nextInt()));
                case 1 -> Double.toString(r.nextDouble() * Math.pow(10, r.nextInt(-30, 30)));
                case 2 -> String.format(Locale.ROOT, "%." + r.nextInt(0, 12) + "f", r.nextDouble(-1e6, 1e6));
                case 3 -> Long.toString(r.nextLong(1L << 60) >> r.nextInt(60)) + "e" + r.nextInt(-25, 25);
                default -> (r.nextInt(1 << 25) + 0.5) + "";
            };
            if (s.contains("NaN")) {
                continue;
            }
            same(s);
        }
    }

    @Test
    void longs() {
        byte[] b = "9223372036854775807,-9223372036854775808,12x,,99999999999999999999".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(Long.MAX_VALUE, Numbers.parseLong(b, 0, 19));
        assertEquals(Long.MIN_VALUE, Numbers.parseLong(b, 20, 40));
        assertThrows(NumberFormatException.class, () -> Numbers.parseLong(b, 41, 44));
        assertThrows(NumberFormatException.class, () -> Numbers.parseLong(b, 45, 45));
        assertThrows(NumberFormatException.class, () -> Numbers.parseLong(b, 46, b.length));
    }
}
