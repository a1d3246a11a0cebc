package dev.verdict.loader.internal.math;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Bit-exact Java ports of the glibc {@code expf}, {@code logf}, {@code exp}, {@code log1p},
 * {@code log1pf} and {@code expm1f} that x86-64 glibc 2.36 (Debian 12) actually runs.
 *
 * <p>XGBoost computes its sigmoid and softmax in {@code float} through {@code expf}/{@code logf}
 * (and its expectile objective's softplus also through {@code log1pf} and {@code expm1f}), and
 * LightGBM its transforms in {@code double} through {@code std::exp} (and {@code log1p}).
 * glibc's results are not correctly rounded, and {@link Math#exp}/{@link Math#log} use other
 * algorithms, so they round some inputs the other way ({@code (float) Math.exp(x)} differs from
 * {@code expf} on 170,648 floats, {@code (float) Math.log(x)} from {@code logf} on 416,909): a
 * pure-Java scorer built on them cannot reproduce the native libraries' scores bit for bit.
 * These methods return the same bits as glibc for every input, NaN payloads included.
 *
 * <p>glibc picks each function's implementation at load time (ifunc). On CPUs with FMA and AVX2
 * (x86-64 since Haswell and Zen) it runs a build compiled with {@code -mfma}, in which GCC fused
 * some multiply-adds. Those fusions change the results of {@code exp} (about 0.06% of inputs)
 * and {@code log1p} (about 0.02%), and of {@code expf} on exactly two floats; {@code logf} is
 * unaffected. The methods here replicate the FMA build, fusing exactly what GCC fused there (read
 * from the disassembly of {@code __expf_fma}, {@code __logf_fma}, {@code __ieee754_exp_fma} and
 * {@code __log1p_fma}), so on a CPU without FMA glibc would disagree with them on those inputs.
 * {@link Math#fma} is one instruction on FMA CPUs; elsewhere it is exact but slow and allocates.
 * {@code log1pf} and {@code expm1f} have no FMA build (glibc 2.36 compiles them once, for
 * baseline x86-64): they are plain {@code float} arithmetic, the same on every CPU.
 *
 * <p>Zero allocation and thread-safe: static methods over constant primitive tables.
 */
public final class Libm {
    /*
     * Algorithms, constants and tables of expf, logf and exp: ARM optimized-routines
     * (https://github.com/ARM-software/optimized-routines, math/expf.c, math/logf.c, math/exp.c
     * and their *_data.c), Copyright (c) 2017-2018 Arm Limited, licensed MIT OR Apache-2.0 WITH
     * LLVM-exception; contributed to glibc as sysdeps/ieee754/flt-32/e_expf.c, e_logf.c and
     * sysdeps/ieee754/dbl-64/e_exp.c. log1p: glibc sysdeps/ieee754/dbl-64/s_log1p.c; log1pf
     * and expm1f: glibc sysdeps/ieee754/flt-32/s_log1pf.c and s_expm1f.c (float versions of
     * fdlibm's s_log1p.c and s_expm1.c, converted to float by Ian Lance Taylor, Cygnus
     * Support); all three from Sun's fdlibm ("Copyright (C) 1993 by Sun Microsystems, Inc. All
     * rights reserved. Developed at SunPro, a Sun Microsystems, Inc. business. Permission to
     * use, copy, modify, and distribute this software is freely granted, provided that this
     * notice is preserved."). This is an independent Java implementation of those algorithms;
     * the order of operations and the fused multiply-adds follow the machine code of Debian's
     * libm.so.6 2.36-9+deb12u14.
     */

    private Libm() {
    }

    // NaN results, as SSE arithmetic produces them: an input NaN comes back quieted with its
    // sign and payload, and an invalid operation yields the x86 "default NaN" (sign bit set),
    // not Java's canonical NaN.
    private static final float DEFAULT_NAN_F = Float.intBitsToFloat(0xffc00000);
    private static final double DEFAULT_NAN = Double.longBitsToDouble(0xfff8000000000000L);

    private static float quietF(int bits) {
        return Float.intBitsToFloat(bits | 0x00400000);
    }

    private static double quiet(long bits) {
        return Double.longBitsToDouble(bits | 0x0008000000000000L);
    }

    // ---------------------------------------------------------------------------------------
    // Shared table: 2^(k/128) ~= H[k] * (1 + T[k]) for k in [0, 128).
    // EXP_TAB[2k] = bits(T[k]); EXP_TAB[2k+1] = bits(H[k]) - (k << 45), so that adding
    // (k_total << 45) puts the integer part of k_total/128 into the exponent field.

    private static final int EXP_TABLE_BITS = 7;
    private static final int EXP_N = 1 << EXP_TABLE_BITS;

    /**
     * Computed rather than transcribed: H[k] is 2^(k/128) rounded to nearest and T[k] the
     * relative residual (2^(k/128) - H[k]) / H[k] rounded to nearest, which is exactly what
     * glibc's __exp_data.tab holds (checked entry by entry against the library's table).
     * Sixty significant digits leave every rounding far from a tie.
     */
    private static final long[] EXP_TAB = expTable();

    private static long[] expTable() {
        MathContext mc = new MathContext(60);
        BigDecimal step = BigDecimal.TWO;
        for (int i = 0; i < EXP_TABLE_BITS; i++) {
            step = step.sqrt(mc); // 2^(1/128) after seven square roots
        }
        long[] tab = new long[2 * EXP_N];
        BigDecimal p = BigDecimal.ONE;
        for (int k = 0; k < EXP_N; k++) {
            double h = p.doubleValue(); // correctly rounded since JDK 19
            BigDecimal hd = new BigDecimal(h);
            double tail = p.subtract(hd).divide(hd, mc).doubleValue();
            tab[2 * k] = Double.doubleToRawLongBits(tail);
            tab[2 * k + 1] = Double.doubleToRawLongBits(h) - ((long) k << (52 - EXP_TABLE_BITS));
            p = p.multiply(step, mc);
        }
        return tab;
    }

    // ---------------------------------------------------------------------------------------
    // expf: exp(x) = 2^(k/32) * 2^(r/32), evaluated in double; 2^(r/32) by a cubic.

    private static final int EXPF_TABLE_BITS = 5;
    private static final int EXPF_N = 1 << EXPF_TABLE_BITS;

    /**
     * {@code bits(2^(i/32)) - (i << 47)}: glibc's __exp2f_data.tab, which is the H half of the
     * exp table at every fourth entry ({@code 2^(i/32) = 2^(4i/128)}, and
     * {@code (4i << 45) = (i << 47)}).
     */
    private static final long[] EXPF_TAB = new long[EXPF_N];

    static {
        for (int i = 0; i < EXPF_N; i++) {
            EXPF_TAB[i] = EXP_TAB[2 * (i << (EXP_TABLE_BITS - EXPF_TABLE_BITS)) + 1];
        }
    }

    private static final double EXPF_INV_LN2_N = 0x1.71547652b82fep+5; // 32/ln2
    private static final double SHIFT = 0x1.8p52; // adding it rounds to an integer, ties to even
    // Coefficients of 2^(r/32) - 1 ~= C0 r^3 + C1 r^2 + C2 r (already divided by 32^3, 32^2, 32).
    private static final double EXPF_C0 = 0x1.c6af84b912394p-20;
    private static final double EXPF_C1 = 0x1.ebfce50fac4f3p-13;
    private static final double EXPF_C2 = 0x1.62e42ff0c52d6p-6;

    /**
     * {@code expf} of glibc 2.36 on x86-64 with FMA: the same bits for every float input.
     *
     * @param x any float
     * @return e^x as glibc's {@code expf} rounds it
     */
    public static float expf(float x) {
        int ix = Float.floatToRawIntBits(x);
        int abstop = (ix >>> 20) & 0x7ff;
        if (abstop >= 0x42b) { // |x| >= 88, or inf or NaN
            if (ix == 0xff800000) {
                return 0.0f;
            }
            if (abstop >= 0x7f8) {
                return ix == 0x7f800000 ? x : quietF(ix);
            }
            if (x > 0x1.62e42ep6f) { // > ln(0x1p128)
                return Float.POSITIVE_INFINITY;
            }
            if (x < -0x1.9fe368p6f) { // < ln(0x1p-150)
                return 0.0f;
            }
            // Below ln(0x1p-149) glibc returns 0x1.4p-75f squared (to raise underflow), which
            // rounds to the smallest subnormal: the correctly rounded answer anyway.
            if (x < -0x1.9d1d9ep6f) {
                return Float.MIN_VALUE;
            }
        }
        double xd = x;
        // z = x*32/ln2 is never rounded on its own: GCC fused it into both uses.
        double kdShifted = Math.fma(EXPF_INV_LN2_N, xd, SHIFT);
        long ki = Double.doubleToRawLongBits(kdShifted); // low bits hold round(z)
        double kd = kdShifted - SHIFT;
        double r = Math.fma(EXPF_INV_LN2_N, xd, -kd);
        long t = EXPF_TAB[(int) (ki & (EXPF_N - 1))] + (ki << (52 - EXPF_TABLE_BITS));
        double s = Double.longBitsToDouble(t);
        double z = Math.fma(EXPF_C0, r, EXPF_C1);
        double r2 = r * r;
        double y = Math.fma(EXPF_C2, r, 1.0);
        y = Math.fma(z, r2, y);
        return (float) (y * s);
    }

    // ---------------------------------------------------------------------------------------
    // logf: x = 2^k z with z in [0x3f330000, 2*0x3f330000) as bits; log(x) = k ln2 + log(c)
    // + log1p(z/c - 1) with c near the centre of one of 16 subintervals.

    private static final int LOGF_OFF = 0x3f330000;
    // invc = 1/c and logc = log(c) per subinterval, from glibc's e_logf_data.c.
    private static final double[] LOGF_INVC = {
        0x1.661ec79f8f3bep+0, 0x1.571ed4aaf883dp+0, 0x1.49539f0f010bp+0, 0x1.3c995b0b80385p+0,
        0x1.30d190c8864a5p+0, 0x1.25e227b0b8eap+0, 0x1.1bb4a4a1a343fp+0, 0x1.12358f08ae5bap+0,
        0x1.0953f419900a7p+0, 0x1p+0, 0x1.e608cfd9a47acp-1, 0x1.ca4b31f026aap-1,
        0x1.b2036576afce6p-1, 0x1.9c2d163a1aa2dp-1, 0x1.886e6037841edp-1, 0x1.767dcf5534862p-1,
    };
    private static final double[] LOGF_LOGC = {
        -0x1.57bf7808caadep-2, -0x1.2bef0a7c06ddbp-2, -0x1.01eae7f513a67p-2, -0x1.b31d8a68224e9p-3,
        -0x1.6574f0ac07758p-3, -0x1.1aa2bc79c81p-3, -0x1.a4e76ce8c0e5ep-4, -0x1.1973c5a611cccp-4,
        -0x1.252f438e10c1ep-5, 0x0p+0, 0x1.aa5aa5df25984p-5, 0x1.c5e53aa362eb4p-4,
        0x1.526e57720db08p-3, 0x1.bc2860d22477p-3, 0x1.1058bc8a07ee1p-2, 0x1.4043057b6ee09p-2,
    };
    private static final double LN2 = 0x1.62e42fefa39efp-1;
    // log1p(r) ~= r + A2 r^2 + A1 r^3 + A0 r^4
    private static final double LOGF_A0 = -0x1.00ea348b88334p-2;
    private static final double LOGF_A1 = 0x1.5575b0be00b6ap-2;
    private static final double LOGF_A2 = -0x1.ffffef20a4123p-2;

    /**
     * {@code logf} of glibc 2.36 on x86-64 with FMA: the same bits for every float input.
     *
     * @param x any float
     * @return the natural logarithm of x as glibc's {@code logf} rounds it
     */
    public static float logf(float x) {
        int ix = Float.floatToRawIntBits(x);
        if (ix == 0x3f800000) {
            return 0.0f;
        }
        if (Integer.compareUnsigned(ix - 0x00800000, 0x7f800000 - 0x00800000) >= 0) {
            // zero, subnormal, negative, inf or NaN
            if (ix << 1 == 0) {
                return Float.NEGATIVE_INFINITY;
            }
            if (ix == 0x7f800000) {
                return x;
            }
            if (ix < 0 || Integer.compareUnsigned(ix << 1, 0xff000000) >= 0) {
                return Float.isNaN(x) ? quietF(ix) : DEFAULT_NAN_F;
            }
            // Positive subnormal: scale into the normal range (exact), undo it in k.
            ix = Float.floatToRawIntBits(x * 0x1p23f) - (23 << 23);
        }
        int tmp = ix - LOGF_OFF;
        int i = (tmp >>> 19) & 15;
        int k = tmp >> 23;
        int iz = ix - (tmp & 0xff800000);
        double z = Float.intBitsToFloat(iz);
        double r = Math.fma(z, LOGF_INVC[i], -1.0); // exact: z/c - 1 without rounding z/c
        double y0 = Math.fma(k, LN2, LOGF_LOGC[i]);
        double r2 = r * r;
        double y = Math.fma(LOGF_A1, r, LOGF_A2);
        y = Math.fma(LOGF_A0, r2, y);
        y = Math.fma(y, r2, y0 + r);
        return (float) y;
    }

    // ---------------------------------------------------------------------------------------
    // exp: x = k ln2/128 + r with |r| <= ln2/256; exp(x) = 2^(k/128) exp(r).

    private static final double EXP_INV_LN2_N = 0x1.71547652b82fep+7; // 128/ln2
    private static final double EXP_NEG_LN2_HI_N = -0x1.62e42fefa0000p-8; // k*hi is exact
    private static final double EXP_NEG_LN2_LO_N = -0x1.cf79abc9e3b3ap-47;
    // exp(r) - 1 ~= r + C2 r^2 + C3 r^3 + C4 r^4 + C5 r^5
    private static final double EXP_C2 = 0x1.ffffffffffdbdp-2;
    private static final double EXP_C3 = 0x1.555555555543cp-3;
    private static final double EXP_C4 = 0x1.55555cf172b91p-5;
    private static final double EXP_C5 = 0x1.1111167a4d017p-7;

    /**
     * {@code exp} of glibc 2.36 on x86-64 with FMA: the same bits for every double input.
     *
     * @param x any double
     * @return e^x as glibc's {@code exp} rounds it
     */
    public static double exp(double x) {
        long ix = Double.doubleToRawLongBits(x);
        int abstop = (int) (ix >>> 52) & 0x7ff;
        if (Integer.compareUnsigned(abstop - 0x3c9, 0x408 - 0x3c9) >= 0) {
            // |x| < 2^-54, |x| >= 512, inf or NaN
            if (abstop < 0x3c9) {
                return 1.0 + x;
            }
            if (abstop >= 0x409) { // |x| >= 1024
                if (ix == 0xfff0000000000000L) {
                    return 0.0;
                }
                if (abstop == 0x7ff) {
                    return ix == 0x7ff0000000000000L ? x : quiet(ix);
                }
                return ix < 0 ? 0.0 : Double.POSITIVE_INFINITY;
            }
            abstop = 0; // 512 <= |x| < 1024: the result may over- or underflow, see expLarge
        }
        double kdShifted = Math.fma(x, EXP_INV_LN2_N, SHIFT);
        long ki = Double.doubleToRawLongBits(kdShifted);
        double kd = kdShifted - SHIFT;
        double r = Math.fma(kd, EXP_NEG_LN2_LO_N, Math.fma(kd, EXP_NEG_LN2_HI_N, x));
        int idx = 2 * (int) (ki & (EXP_N - 1));
        double tail = Double.longBitsToDouble(EXP_TAB[idx]);
        long sbits = EXP_TAB[idx + 1] + (ki << (52 - EXP_TABLE_BITS)); // valid for |k| < 1023*128
        double r2 = r * r;
        // tail + r + r2 (C2 + r C3) + r2^2 (C4 + r C5), summed left to right as in C
        double p45 = Math.fma(r, EXP_C5, EXP_C4);
        double tmp = Math.fma(Math.fma(r, EXP_C3, EXP_C2), r2, tail + r);
        tmp = Math.fma(r2 * r2, p45, tmp);
        if (abstop == 0) {
            return expLarge(tmp, sbits, ki);
        }
        double scale = Double.longBitsToDouble(sbits);
        return Math.fma(scale, tmp, scale);
    }

    /**
     * scale * (1 + tmp) where the exponent in sbits may have overflowed (k > 0) or where the
     * result is subnormal ({@code k < 0}) and must be rounded once, not twice.
     */
    private static double expLarge(double tmp, long sbits, long ki) {
        if ((ki & 0x80000000L) == 0) {
            double scale = Double.longBitsToDouble(sbits - (1009L << 52));
            return 0x1p1009 * Math.fma(scale, tmp, scale);
        }
        double scale = Double.longBitsToDouble(sbits + (1022L << 52));
        double st = scale * tmp; // not fused here: GCC shared the product
        double y = scale + st;
        if (y < 1.0) {
            // Round y to the precision it will keep as a subnormal before scaling it down.
            double lo = scale - y + st;
            double hi = 1.0 + y;
            lo = 1.0 - hi + y + lo;
            y = (hi + lo) - 1.0;
            if (y == 0.0) {
                y = 0.0;
            }
        }
        return 0x1p-1022 * y;
    }

    // ---------------------------------------------------------------------------------------
    // log1p (fdlibm): 1+x = 2^k (1+f) with sqrt(2)/2 < 1+f < sqrt(2); log(1+f) = 2s + s R(s^2)
    // where s = f/(2+f); c corrects for the rounding of 1+x.

    private static final double LN2_HI = 0x1.62e42feep-1; // 3fe62e42 fee00000: k*LN2_HI exact
    private static final double LN2_LO = 0x1.a39ef35793c76p-33; // 3dea39ef 35793c76
    private static final double LP1 = 0x1.5555555555593p-1; // 6.666666666666735130e-01
    private static final double LP2 = 0x1.999999997fa04p-2; // 3.999999999940941908e-01
    private static final double LP3 = 0x1.2492494229359p-2; // 2.857142874366239149e-01
    private static final double LP4 = 0x1.c71c51d8e78afp-3; // 2.222219843214978396e-01
    private static final double LP5 = 0x1.7466496cb03dep-3; // 1.818357216161805012e-01
    private static final double LP6 = 0x1.39a09d078c69fp-3; // 1.531383769920937332e-01
    private static final double LP7 = 0x1.2f112df3e5244p-3; // 1.479819860511658591e-01
    private static final double TWO_THIRDS = 0.66666666666666666;

    /**
     * {@code log1p} of glibc 2.36 on x86-64 with FMA: the same bits for every double input.
     *
     * @param x any double
     * @return the natural logarithm of 1 + x as glibc's {@code log1p} rounds it
     */
    public static double log1p(double x) {
        long bits = Double.doubleToRawLongBits(x);
        int hx = (int) (bits >>> 32);
        int ax = hx & 0x7fffffff;
        int k = 1;
        int hu = 0;
        double f = 0.0;
        double c = 0.0;
        if (hx < 0x3fda827a) { // x < 0.41422
            if (ax >= 0x3ff00000) { // x <= -1, or a NaN with the sign bit set
                if (x == -1.0) {
                    return Double.NEGATIVE_INFINITY;
                }
                return Double.isNaN(x) ? quiet(bits) : DEFAULT_NAN;
            }
            if (ax < 0x3e200000) { // |x| < 2^-29
                if (ax < 0x3c900000) { // |x| < 2^-54
                    return x;
                }
                return Math.fma(x * x, -0.5, x);
            }
            if (hx > 0 || hx <= 0xbfd2bec3) { // -0.2929 < x < 0.41422: f = x exactly
                k = 0;
                f = x;
                hu = 1;
            }
        } else if (hx >= 0x7ff00000) { // +inf or NaN
            return hx == 0x7ff00000 && (int) bits == 0 ? x : quiet(bits);
        }
        if (k != 0) {
            double u;
            if (hx < 0x43400000) { // x < 2^53
                u = 1.0 + x;
                hu = (int) (Double.doubleToRawLongBits(u) >>> 32);
                k = (hu >> 20) - 1023;
                c = (k > 0) ? 1.0 - (u - x) : x - (u - 1.0);
                c /= u;
            } else {
                u = x;
                hu = hx;
                k = (hu >> 20) - 1023;
                c = 0.0;
            }
            hu &= 0x000fffff;
            long low = Double.doubleToRawLongBits(u) & 0xffffffffL;
            if (hu < 0x6a09e) { // normalize u into [1, sqrt 2)
                u = Double.longBitsToDouble((long) (hu | 0x3ff00000) << 32 | low);
            } else { // normalize u/2 into [sqrt(2)/2, 1)
                k += 1;
                u = Double.longBitsToDouble((long) (hu | 0x3fe00000) << 32 | low);
                hu = (0x00100000 - hu) >> 2;
            }
            f = u - 1.0;
        }
        double hfsq = 0.5 * f * f;
        if (hu == 0) { // |f| < 2^-20
            if (f == 0.0) {
                if (k == 0) {
                    return 0.0;
                }
                return Math.fma(k, LN2_HI, Math.fma(k, LN2_LO, c));
            }
            double r = hfsq * Math.fma(-f, TWO_THIRDS, 1.0);
            if (k == 0) {
                return f - r;
            }
            return Math.fma(k, LN2_HI, -((r - Math.fma(k, LN2_LO, c)) - f));
        }
        double s = f / (2.0 + f);
        double z = s * s;
        double r2 = Math.fma(z, LP3, LP2);
        double r3 = Math.fma(z, LP5, LP4);
        double r4 = Math.fma(z, LP7, LP6);
        double z2 = z * z;
        double z4 = z2 * z2;
        double z6 = z2 * z4;
        // R = z LP1 + z2 R2 + z4 R3 + z6 R4, with the first product rounded and the rest fused
        double r = Math.fma(z, LP1, z2 * r2);
        r = Math.fma(z4, r3, r);
        r = Math.fma(z6, r4, r);
        double sr = (r + hfsq) * s;
        if (k == 0) {
            return f - (hfsq - sr);
        }
        double t = Math.fma(k, LN2_LO, c) + sr;
        return Math.fma(k, LN2_HI, -((hfsq - t) - f));
    }

    // ---------------------------------------------------------------------------------------
    // log1pf (fdlibm, the float version of log1p above): the same reduction and correction
    // term, a float polynomial, every operation rounded to float; there is no FMA build.

    private static final float LN2_HI_F = 0x1.62e3p-1f; // 3f317180: k*LN2_HI_F exact
    private static final float LN2_LO_F = 0x1.2fefa2p-17f; // 3717f7d1
    private static final float LP1_F = 0x1.555556p-1f; // 3f2aaaab, also (float) 2/3
    private static final float LP2_F = 0x1.99999ap-2f; // 3ecccccd
    private static final float LP3_F = 0x1.24924ap-2f; // 3e924925
    private static final float LP4_F = 0x1.c71c52p-3f; // 3e638e29
    private static final float LP5_F = 0x1.74664ap-3f; // 3e3a3325
    private static final float LP6_F = 0x1.39a09ep-3f; // 3e1cd04f
    private static final float LP7_F = 0x1.2f112ep-3f; // 3e178897

    /**
     * {@code log1pf} of glibc 2.36 on x86-64: the same bits for every float input.
     *
     * @param x any float
     * @return the natural logarithm of 1 + x as glibc's {@code log1pf} rounds it
     */
    public static float log1pf(float x) {
        int hx = Float.floatToRawIntBits(x);
        int ax = hx & 0x7fffffff;
        int k = 1;
        int hu = 0;
        float f = 0.0f;
        float c = 0.0f;
        if (hx < 0x3ed413d7) { // x < 0.41422
            if (ax >= 0x3f800000) { // x <= -1, or a NaN with the sign bit set
                if (x == -1.0f) {
                    return Float.NEGATIVE_INFINITY;
                }
                return Float.isNaN(x) ? quietF(hx) : DEFAULT_NAN_F;
            }
            if (ax < 0x31000000) { // |x| < 2^-29
                if (ax < 0x24800000) { // |x| < 2^-54
                    return x;
                }
                return x - x * x * 0.5f;
            }
            if (hx > 0 || hx <= 0xbe95f61f) { // -0.2929 < x < 0.41422: f = x exactly
                k = 0;
                f = x;
                hu = 1;
            }
        } else if (hx >= 0x7f800000) { // +inf or NaN
            return hx == 0x7f800000 ? x : quietF(hx);
        }
        if (k != 0) {
            float u;
            if (hx < 0x5a000000) { // x < 2^53
                u = 1.0f + x;
                hu = Float.floatToRawIntBits(u);
                k = (hu >> 23) - 127;
                c = (k > 0) ? 1.0f - (u - x) : x - (u - 1.0f);
                c /= u;
            } else {
                u = x;
                hu = hx;
                k = (hu >> 23) - 127;
                c = 0.0f;
            }
            hu &= 0x007fffff;
            if (hu < 0x3504f7) { // normalize u into [1, sqrt 2)
                u = Float.intBitsToFloat(hu | 0x3f800000);
            } else { // normalize u/2 into [sqrt(2)/2, 1)
                k += 1;
                u = Float.intBitsToFloat(hu | 0x3f000000);
                hu = (0x00800000 - hu) >> 2;
            }
            f = u - 1.0f;
        }
        float hfsq = 0.5f * f * f;
        if (hu == 0) { // |f| < 2^-20
            if (f == 0.0f) {
                if (k == 0) {
                    return 0.0f;
                }
                c += k * LN2_LO_F;
                return k * LN2_HI_F + c;
            }
            float r = hfsq * (1.0f - LP1_F * f);
            if (k == 0) {
                return f - r;
            }
            return k * LN2_HI_F - ((r - (k * LN2_LO_F + c)) - f);
        }
        float s = f / (2.0f + f);
        float z = s * s;
        float r = z * (LP1_F + z * (LP2_F + z * (LP3_F + z * (LP4_F + z * (LP5_F
                + z * (LP6_F + z * LP7_F))))));
        if (k == 0) {
            return f - (hfsq - s * (hfsq + r));
        }
        return k * LN2_HI_F - ((hfsq - (s * (hfsq + r) + (k * LN2_LO_F + c))) - f);
    }

    // ---------------------------------------------------------------------------------------
    // expm1f (fdlibm, float): x = k ln2 + r with |r| <= ln2/2, r carried as hi - lo plus a
    // correction c; expm1(r) from a rational approximation, then 2^k (1 + expm1(r)) - 1
    // rearranged per range of k against cancellation. All float; there is no FMA build.

    private static final float EXPM1F_O_THRESHOLD = 0x1.62e3p6f; // 42b17180: 88.72168
    private static final float INV_LN2_F = 0x1.715476p0f; // 3fb8aa3b
    // Scaled coefficients of the rational approximation of expm1 on [-0.5 ln2, 0.5 ln2]
    private static final float Q1_F = -0x1.111112p-5f; // bd088889
    private static final float Q2_F = 0x1.a01a02p-10f; // 3ad00d01
    private static final float Q3_F = -0x1.4ce19ap-14f; // b8a670cd
    private static final float Q4_F = 0x1.0cfca8p-18f; // 36867e54
    private static final float Q5_F = -0x1.afdb76p-23f; // b457edbb

    /**
     * {@code expm1f} of glibc 2.36 on x86-64: the same bits for every float input.
     *
     * @param x any float
     * @return e^x - 1 as glibc's {@code expm1f} rounds it
     */
    public static float expm1f(float x) {
        int bits = Float.floatToRawIntBits(x);
        boolean negative = bits < 0;
        int hx = bits & 0x7fffffff;
        if (hx >= 0x4195b844) { // |x| >= 27 ln2, or inf or NaN
            if (hx >= 0x42b17218) { // |x| >= 88.72284
                if (hx > 0x7f800000) {
                    return quietF(bits);
                }
                if (hx == 0x7f800000) {
                    return negative ? -1.0f : x;
                }
                if (x > EXPM1F_O_THRESHOLD) {
                    return Float.POSITIVE_INFINITY;
                }
            }
            if (negative) {
                return -1.0f; // glibc returns 1e-30f - 1, which rounds to -1
            }
        }
        int k;
        float c = 0.0f;
        if (hx > 0x3eb17218) { // |x| > ln2/2: reduce
            float hi;
            float lo;
            if (hx < 0x3f851592) { // |x| < 1.5 ln2: k = +-1
                if (!negative) {
                    hi = x - LN2_HI_F;
                    lo = LN2_LO_F;
                    k = 1;
                } else {
                    hi = x + LN2_HI_F;
                    lo = -LN2_LO_F;
                    k = -1;
                }
            } else {
                k = (int) (INV_LN2_F * x + (negative ? -0.5f : 0.5f)); // truncated, as in C
                float t = k;
                hi = x - t * LN2_HI_F; // t*LN2_HI_F is exact here
                lo = t * LN2_LO_F;
            }
            x = hi - lo;
            c = (hi - x) - lo;
        } else if (hx < 0x33000000) { // |x| < 2^-25: x - ((huge + x) - (huge + x)) in glibc
            return x;
        } else {
            k = 0;
        }
        float hfx = 0.5f * x;
        float hxs = x * hfx;
        float r1 = 1.0f + hxs * (Q1_F + hxs * (Q2_F + hxs * (Q3_F + hxs * (Q4_F + hxs * Q5_F))));
        float t = 3.0f - r1 * hfx;
        float e = hxs * ((r1 - t) / (6.0f - x * t));
        if (k == 0) {
            return x - (x * e - hxs); // c is 0
        }
        e = x * (e - c) - c;
        e -= hxs;
        if (k == -1) {
            return 0.5f * (x - e) - 0.5f;
        }
        if (k == 1) {
            if (x < -0.25f) {
                return -2.0f * (e - (x + 0.5f));
            }
            return 1.0f + 2.0f * (x - e);
        }
        float y;
        if (k <= -2 || k > 56) { // exp(x) - 1 suffices: add k to the exponent of exp(x)
            y = 1.0f - (e - x);
            y = Float.intBitsToFloat(Float.floatToRawIntBits(y) + (k << 23));
            return y - 1.0f;
        }
        if (k < 23) {
            float oneMinus = Float.intBitsToFloat(0x3f800000 - (0x1000000 >> k)); // 1 - 2^-k
            y = oneMinus - (e - x);
        } else {
            float twoToMinusK = Float.intBitsToFloat((0x7f - k) << 23);
            y = x - (e + twoToMinusK);
            y += 1.0f;
        }
        return Float.intBitsToFloat(Float.floatToRawIntBits(y) + (k << 23)); // times 2^k
    }
}
