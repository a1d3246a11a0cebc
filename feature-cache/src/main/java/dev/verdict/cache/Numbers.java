package dev.verdict.cache;

/**
 * Parses numbers from CSV bytes without making strings. A decimal with at most 15 significant
 * digits and a small exponent is computed exactly in double (Clinger's fast path) and narrowed
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

    /** @return the float32 value of the field, as {@link Float#parseFloat} would read it */
    static float parseFloat(byte[] b, int from, int to) {
        int i = from;
        boolean negative = false;
        if (i < to && (b[i] == '-' || b[i] == '+')) {
            negative = b[i] == '-';
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int scale = 0;
        boolean any = false;
        while (i < to && b[i] >= '0' && b[i] <= '9') {
            any = true;
            if (mantissa != 0 || b[i] != '0') {
                digits++;
            }
            mantissa = mantissa * 10 + (b[i] - '0');
            i++;
            if (digits > 15) {
                return slow(b, from, to);
            }
        }
        if (i < to && b[i] == '.') {
            i++;
            while (i < to && b[i] >= '0' && b[i] <= '9') {
                any = true;
                if (mantissa != 0 || b[i] != '0') {
                    digits++;
                }
                mantissa = mantissa * 10 + (b[i] - '0');
                scale--;
                i++;
                if (digits > 15) {
                    return slow(b, from, to);
                }
            }
        }
        if (!any) {
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
            int expDigits = 0;
            while (i < to && b[i] >= '0' && b[i] <= '9' && expDigits < 6) {
                exp = exp * 10 + (b[i] - '0');
                i++;
                expDigits++;
            }
            if (expDigits == 0) {
                return slow(b, from, to);
            }
            scale += negExp ? -exp : exp;
        }
        if (i != to || scale < -22 || scale > 22) {
            return slow(b, from, to);
        }
        double d = mantissa;
        d = scale < 0 ? d / POW10[-scale] : d * POW10[scale];
        if ((Double.doubleToRawLongBits(d) & 0x1FFFFFFFL) == 0x10000000L) {
            return slow(b, from, to); // exactly a float midpoint: double rounding could differ
        }
        float f = (float) d;
        return negative ? -f : f;
    }

    private static float slow(byte[] b, int from, int to) {
        return Float.parseFloat(new String(b, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    /**
     * @return the integer value of the field
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
