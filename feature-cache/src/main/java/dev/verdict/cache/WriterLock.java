package dev.verdict.cache;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The lock that makes a writer the only one of its group: an OS file lock on {@code writer.lock},
 * which the OS releases when the process dies however it dies, so a crashed writer never blocks
 * the next one (who then finds the writer-state word still 1 and recovers).
 */
final class WriterLock implements AutoCloseable {
    static final String FILE = "writer.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private WriterLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * {@return the lock, held until {@link #close()}}
     *
     * @param dir the group's directory (it exists)
     * @param group the group, for the message
     *
     * @throws StoreLockedException if another writer, in this process or another, holds it
     */
    static WriterLock acquire(Path dir, FeatureGroup group) throws IOException {
        FileChannel channel = FileChannel.open(dir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by another writer of this JVM
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw new StoreLockedException("feature group '" + group.name() + "' at " + dir
                    + " is open for writing by another writer");
        }
        return new WriterLock(channel, lock);
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // closing the channel releases the lock anyway, and so does the process ending
        }
    }
}
