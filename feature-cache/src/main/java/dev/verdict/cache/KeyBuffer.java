package dev.verdict.cache;

import java.lang.foreign.Arena;
import net.openhft.chronicle.bytes.PointerBytesStore;

/**
 * A reusable native buffer holding one encoded key: a {@code long} as eight little-endian bytes,
 * a string as its UTF-8 bytes, encoded here without allocating.
 */
final class KeyBuffer {
    final PointerBytesStore store;
    final long address;
    /** Keeps the native memory alive: the address alone would not. */
    private final java.lang.foreign.MemorySegment memory;
    private final int capacity;

    KeyBuffer(int capacity) {
        this.capacity = capacity;
        this.memory = Arena.ofAuto().allocate(Math.max(8, capacity), 8);
        this.address = memory.address();
        this.store = new PointerBytesStore();
        store.set(address, Math.max(8, capacity));
    }

    int setLong(long id) {
        RecordLayout.MEMORY.set(RecordLayout.LONG, address, id);
        return Long.BYTES;
    }

    /** {@return the encoded length, or -1 if the id is empty or longer than the capacity} */
    int setString(CharSequence id) {
        int n = id.length();
        int at = 0;
        for (int i = 0; i < n; i++) {
            char c = id.charAt(i);
            int cp = c;
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(id.charAt(i + 1))) {
                cp = Character.toCodePoint(c, id.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                cp = 0xFFFD;
            }
            int need = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (at + need > capacity) {
                return -1;
            }
            if (need == 1) {
                put(at++, cp);
            } else if (need == 2) {
                put(at++, 0xC0 | (cp >>> 6));
                put(at++, 0x80 | (cp & 0x3F));
            } else if (need == 3) {
                put(at++, 0xE0 | (cp >>> 12));
                put(at++, 0x80 | ((cp >>> 6) & 0x3F));
                put(at++, 0x80 | (cp & 0x3F));
            } else {
                put(at++, 0xF0 | (cp >>> 18));
                put(at++, 0x80 | ((cp >>> 12) & 0x3F));
                put(at++, 0x80 | ((cp >>> 6) & 0x3F));
                put(at++, 0x80 | (cp & 0x3F));
            }
        }
        return at == 0 ? -1 : at;
    }

    /** Copies raw key bytes (already encoded); @return the length, or -1 if they do not fit. */
    int setBytes(byte[] bytes, int from, int length) {
        if (length <= 0 || length > capacity) {
            return -1;
        }
        java.lang.foreign.MemorySegment.copy(java.lang.foreign.MemorySegment.ofArray(bytes), from,
                RecordLayout.MEMORY, address, length);
        return length;
    }

    private void put(int at, int b) {
        RecordLayout.MEMORY.set(java.lang.foreign.ValueLayout.JAVA_BYTE, address + at, (byte) b);
    }
}
