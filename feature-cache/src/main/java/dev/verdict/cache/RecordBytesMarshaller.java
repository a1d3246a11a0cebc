package dev.verdict.cache;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.hash.serialization.SizedReader;
import net.openhft.chronicle.hash.serialization.SizedWriter;
import net.openhft.chronicle.hash.serialization.impl.EnumMarshallable;

/**
 * The value marshaller of every snapshot file: a record is its raw bytes, and reading into a
 * {@code byte[]} of the right length reuses it, so plain Chronicle Map code
 * ({@code map.getUsing(key, record)}) reads a store's snapshot without allocating a record per
 * read. Verdict's own readers copy through it too, into a buffer of their own, and decode the copy.
 *
 * <p>Package-private: Chronicle Map writes the marshaller's class name into the file's header
 * and, whoever opens the file, creates it from there itself (reflection works on a class that is
 * not public), so code that opens a snapshot with a plain {@code ChronicleMapBuilder} needs no
 * reference to it ({@code PlainChronicleReadTest}).
 */
final class RecordBytesMarshaller implements SizedReader<byte[]>, SizedWriter<byte[]>,
        EnumMarshallable<RecordBytesMarshaller> {
    /** The only instance (Chronicle Map wants enum-like marshallers as a class with a static instance). */
    static final RecordBytesMarshaller INSTANCE = new RecordBytesMarshaller();

    private RecordBytesMarshaller() {
    }

    @Override
    public byte[] read(Bytes<?> in, long size, byte[] using) {
        if (using == null || using.length != size) {
            using = new byte[Math.toIntExact(size)];
        }
        in.read(using, 0, using.length);
        return using;
    }

    @Override
    public long size(byte[] record) {
        return record.length;
    }

    @Override
    public void write(Bytes<?> out, long size, byte[] record) {
        out.write(record, 0, record.length);
    }

    @Override
    public RecordBytesMarshaller readResolve() {
        return INSTANCE;
    }
}
