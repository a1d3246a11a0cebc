package dev.verdict.cache;

/**
 * Parses numbers from CSV bytes without making strings. A decimal whose digits form an integer
 * of at most 2^53 and a small exponent is computed exactly in double (Clinger's fast path) and narrowed
 * to float, which equals {@link Float#parseFloat} except when the double lands exactly halfway
 * between two floats; that case, and every other input, goes to {@link Float#parseFloat}.
 */
final class Numbers {
    private static final double[] POW10 = new double[23];

    static {
        double p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    private Numbers() {
    }

    /** {@return the float32 value of the field, as {@link Float#parseFloat} would read it} */
    static float parseFloat(byte[] b, int from, int to) {
        int i = from;
        boolean negative = false;
        if (i < to && (b[i] == '-' || b[i] == '+')) {
            negative = b[i] == '-';
            i++;
        }
        long mantissa = 0;
        int digitsStart = i;
        int d;
        while (i < to && (d = b[i] - '0') >= 0 && d <= 9) {
            mantissa = mantissa * 10 + d;
            i++;
        }
        int digits = i - digitsStart;
        int scale = 0;
        if (i < to && b[i] == '.') {
            int fractionStart = ++i;
            while (i < to && (d = b[i] - '0') >= 0 && d <= 9) {
                mantissa = mantissa * 10 + d;
                i++;
            }
            scale = fractionStart - i;
            digits -= scale;
        }
        // Up to 18 digits cannot overflow; the fast path needs the mantissa exact in a double.
        if (digits == 0 || digits > 18 || mantissa > (1L << 53)) {
            return slow(b, from, to);
        }
        if (i < to && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            boolean negExp = false;
            if (i < to && (b[i] == '-' || b[i] == '+')) {
                negExp = b[i] == '-';
                i++;
            }
            int exp = 0;
            int expStart = i;
            while (i < to && (d = b[i] - '0') >= 0 && d <= 9 && i - expStart < 6) {
                exp = exp * 10 + d;
                i++;
            }
            if (i == expStart) {
                return slow(b, from, to);
            }
            scale += negExp ? -exp : exp;
        }
        if (i != to || scale < -22 || scale > 22) {
            return slow(b, from, to);
        }
        double v = mantissa;
        v = scale < 0 ? v / POW10[-scale] : v * POW10[scale];
        if ((Double.doubleToRawLongBits(v) & 0x1FFFFFFFL) == 0x10000000L) {
            return slow(b, from, to); // exactly a float midpoint: double rounding could differ
        }
        float f = (float) v;
        return negative ? -f : f;
    }

    private static float slow(byte[] b, int from, int to) {
        return Float.parseFloat(new String(b, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    /**
     * {@return the integer value of the field}
     *
     * @throws NumberFormatException if it is not an integer in {@code long} range
     */
    static long parseLong(byte[] b, int from, int to) {
        int i = from;
        boolean negative = false;
        if (i < to && (b[i] == '-' || b[i] == '+')) {
            negative = b[i] == '-';
            i++;
        }
        if (i == to || to - i > 19) {
            return Long.parseLong(new String(b, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        long v = 0;
        for (; i < to; i++) {
            int c = b[i] - '0';
            if (c < 0 || c > 9) {
                throw new NumberFormatException("not an integer");
            }
            v = v * 10 + c;
        }
        if (v < 0) { // 19 digits beyond Long.MAX_VALUE
            return Long.parseLong(new String(b, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        return negative ? -v : v;
    }
}
