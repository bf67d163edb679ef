package dev.vigil.storage.rf1;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The content of a file as the crash simulator sees it: {@code head}, then zeros up to {@code length}.
 *
 * <p>Both RF1 files are preallocated (the index to 512 KiB, the packets in 16 MiB chunks) and
 * written only near their start, so copying whole files after every flush would cost far more than
 * the test itself. The bytes past what the writer has written are fallocated and never written:
 * they read as zeros, so an image keeps only the written head. Images are written back as sparse
 * files, which read the same.
 */
record FileImage(long length, byte[] head) {
    static final int SECTOR = 512;

    FileImage {
        if (head.length > length) throw new IllegalArgumentException("head of " + head.length + " bytes in a file of " + length);
    }

    /**
     * Reads {@code file}, keeping its first {@code bound} bytes (rounded up to a sector); the caller
     * knows that nothing was ever written past them, so they are the preallocated zeros.
     */
    static FileImage read(Path file, long bound) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long length = ch.size();
            int keep = (int) Math.min(length, (bound + SECTOR - 1) / SECTOR * SECTOR);
            ByteBuffer b = ByteBuffer.allocate(keep);
            while (b.hasRemaining()) {
                if (ch.read(b, b.position()) < 0) throw new IOException(file + " shrank while being read");
            }
            return new FileImage(length, b.array());
        }
    }

    /** Writes the image to {@code file}: the head, then a hole to {@code length}. */
    void write(Path file) throws IOException {
        Files.write(file, head);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(length);
        }
    }

    byte at(long i) {
        if (i < 0 || i >= length) throw new IndexOutOfBoundsException("byte " + i + " of " + length);
        return i < head.length ? head[(int) i] : 0;
    }

    /** The little-endian u64 at {@code offset}, or 0 where the file ends (as a scan would see it). */
    long longAt(long offset) {
        if (offset + 8 > length) return 0;
        byte[] b = new byte[8];
        for (int k = 0; k < 8; k++) b[k] = at(offset + k);
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    /** Whether the file holds exactly {@code bytes} at {@code offset}. */
    boolean holds(long offset, byte[] bytes) {
        if (offset + bytes.length > length) return false;
        for (int k = 0; k < bytes.length; k++) {
            if (at(offset + k) != bytes[k]) return false;
        }
        return true;
    }

    /** Same length and bytes, however much of the zeros each head holds. */
    boolean sameBytes(FileImage other) {
        if (length != other.length) return false;
        for (int i = 0, n = Math.max(head.length, other.head.length); i < n; i++) {
            if (at(i) != other.at(i)) return false;
        }
        return true;
    }

    @Override
    public String toString() {
        return "FileImage[" + length + " bytes, " + head.length + " of them kept]";
    }
}
