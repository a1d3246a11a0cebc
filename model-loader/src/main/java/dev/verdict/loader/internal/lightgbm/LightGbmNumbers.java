package dev.verdict.loader.internal.lightgbm;

import dev.verdict.loader.ModelFormatException;

/**
 * Number parsing as LightGBM does it. Tree values are written with 17 significant digits and read
 * back correctly rounded, so {@link Double#parseDouble} reproduces them, apart from the tokens
 * {@code inf}/{@code nan}. Objective parameters ({@code sigmoid:}) are written with 6 digits and
 * read back by LightGBM's own {@code Common::Atof} ({@code include/LightGBM/utils/common.h}),
 * which is not correctly rounded; {@link #atof} repeats its arithmetic so the same double results.
 */
final class LightGbmNumbers {
    private LightGbmNumbers() {
    }

    /** A tree value: exact, with LightGBM's non-finite spellings. */
    static double parseDouble(String token) {
        switch (token) {
            case "inf", "+inf", "infinity", "Infinity" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-inf", "-infinity", "-Infinity" -> {
                return Double.NEGATIVE_INFINITY;
            }
            case "nan", "-nan", "NaN", "-NaN" -> {
                return Double.NaN;
            }
            default -> {
                for (int i = 0; i < token.length(); i++) {
                    char c = token.charAt(i);
                    if (!(c >= '0' && c <= '9') && c != '.' && c != 'e' && c != 'E' && c != '-'
                            && c != '+') {
                        throw new NumberFormatException(token);
                    }
                }
                return Double.parseDouble(token);
            }
        }
    }

    /** {@code Common::Atof}. */
    static double atof(String s) {
        int p = 0;
        int n = s.length();
        while (p < n && s.charAt(p) == ' ') {
            p++;
        }
        double sign = 1.0;
        if (p < n && s.charAt(p) == '-') {
            sign = -1.0;
            p++;
        } else if (p < n && s.charAt(p) == '+') {
            p++;
        }
        char c = p < n ? s.charAt(p) : '\0';
        if ((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E') {
            double value = 0.0;
            while (p < n && isDigit(s.charAt(p))) {
                value = value * 10.0 + (s.charAt(p) - '0');
                p++;
            }
            if (p < n && s.charAt(p) == '.') {
                double right = 0.0;
                int nn = 0;
                p++;
                while (p < n && isDigit(s.charAt(p))) {
                    right = (s.charAt(p) - '0') + right * 10.0;
                    nn++;
                    p++;
                }
                value += right / pow(10.0, nn);
            }
            boolean frac = false;
            double scale = 1.0;
            if (p < n && (s.charAt(p) == 'e' || s.charAt(p) == 'E')) {
                p++;
                if (p < n && s.charAt(p) == '-') {
                    frac = true;
                    p++;
                } else if (p < n && s.charAt(p) == '+') {
                    p++;
                }
                long expon = 0;
                while (p < n && isDigit(s.charAt(p))) {
                    expon = (expon * 10 + (s.charAt(p) - '0')) & 0xffffffffL; // uint32_t
                    p++;
                }
                if (expon > 308) {
                    expon = 308;
                }
                while (expon >= 50) {
                    scale *= 1E50;
                    expon -= 50;
                }
                while (expon >= 8) {
                    scale *= 1E8;
                    expon -= 8;
                }
                while (expon > 0) {
                    scale *= 10.0;
                    expon -= 1;
                }
            }
            return sign * (frac ? (value / scale) : (value * scale));
        }
        String word = s.substring(p).toLowerCase(java.util.Locale.ROOT).split(" ")[0];
        return switch (word) {
            case "na", "nan", "null" -> Double.NaN;
            case "inf", "infinity" -> sign * 1e308;
            default -> throw new ModelFormatException("unknown token '" + s + "' for a number");
        };
    }

    /** {@code Common::Pow}, whose evaluation order decides the last bit. */
    private static double pow(double base, int power) {
        if (power < 0) {
            return 1.0 / pow(base, -power);
        } else if (power == 0) {
            return 1;
        } else if (power % 2 == 0) {
            return pow(base * base, power / 2);
        } else if (power % 3 == 0) {
            return pow(base * base * base, power / 3);
        } else {
            return base * pow(base, power - 1);
        }
    }

    static int atoi(String s, String where) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new ModelFormatException(where + ": expected an integer, found '" + s + "'");
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
