package dev.verdict.cache;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The byte layout of one record, shared by writers, readers and recovery. Little-endian:
 *
 * <pre>
 * 0                 long  event time, epoch milliseconds
 * 8                 long  presence bits, one per feature (1 = value present), ceil(n/64) words
 * 8 + 8w            int   values, four bytes per feature (float32 bits or int32)
 * align8(...)       long  checksum of every byte before it
 * </pre>
 *
 * The checksum is what lets a reader, and recovery after a crash, tell a whole record from a
 * torn one: a write cut short leaves words of the old record beside words of the new one.
 */
final class RecordLayout {
    /** All of memory, for reads and writes at raw addresses handed out by Chronicle Map. */
    static final MemorySegment MEMORY = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
    static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final int EVENT_TIME = 0;
    static final int PRESENCE = 8;

    private RecordLayout() {
    }

    static int presenceWords(int features) {
        return (features + 63) >>> 6;
    }

    static int valuesOffset(int features) {
        return PRESENCE + 8 * presenceWords(features);
    }

    static int checksumOffset(int features) {
        return (valuesOffset(features) + 4 * features + 7) & ~7;
    }

    static int recordBytes(int features) {
        return checksumOffset(features) + 8;
    }

    /**
     * A checksum of the first {@code bytes} bytes (a multiple of 8) at {@code address}: every word
     * is mixed with its position and the products summed, so the multiplications are independent
     * and the loop runs at memory speed.
     */
    static long checksum(long address, int bytes) {
        return checksum(MEMORY, address, bytes);
    }

    /** {@link #checksum(long, int)} of the record at {@code offset} in {@code memory}. */
    static long checksum(MemorySegment memory, long offset, int bytes) {
        long h = 0x9E3779B97F4A7C15L ^ bytes;
        int words = bytes >>> 3;
        for (int i = 0; i < words; i++) {
            long w = memory.get(LONG, offset + 8L * i);
            h += (w ^ (i * 0xC2B2AE3D27D4EB4FL)) * 0x9FB21C651E98DF25L;
        }
        return h ^ (h >>> 31);
    }

    static boolean checksumMatches(long address, int features) {
        return checksumMatches(MEMORY, address, features);
    }

    static boolean checksumMatches(MemorySegment memory, long offset, int features) {
        int at = checksumOffset(features);
        return memory.get(LONG, offset + at) == checksum(memory, offset, at);
    }

    /**
     * @throws IllegalArgumentException if {@code value} (not NaN) does not fit {@code type}
     */
    static void checkValue(ValueType type, double value, String feature) {
        String problem = problem(type, value);
        if (problem != null) {
            throw new IllegalArgumentException("feature '" + feature + "': " + problem);
        }
    }

    /** {@return why {@code value} does not fit {@code type}, or null if it does} */
    static String problem(ValueType type, double value) {
        switch (type) {
            case FLOAT32 -> {
                if (Double.isInfinite(value) || Math.abs(value) > Float.MAX_VALUE) {
                    return value + " is not a finite float32";
                }
            }
            case INT32 -> {
                if (value != Math.rint(value) || value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
                    return value + " is not a 32-bit integer";
                }
            }
            case CATEGORICAL -> {
                if (value != Math.rint(value) || value < 0 || value > Integer.MAX_VALUE) {
                    return value + " is not a category code (a non-negative 32-bit integer)";
                }
            }
            case BOOLEAN -> {
                if (value != 0 && value != 1) {
                    return value + " is not a boolean (0 or 1)";
                }
            }
        }
        return null;
    }

    static int encode(ValueType type, double value) {
        return type == ValueType.FLOAT32 ? Float.floatToRawIntBits((float) value) : (int) value;
    }
}
