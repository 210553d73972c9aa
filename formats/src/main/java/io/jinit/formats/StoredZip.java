package io.jinit.formats;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The records of a zip archive of STORED (uncompressed) members, after PKWARE's APPNOTE 6.3.10:
 * local file headers (§4.3.7), the central directory (§4.3.12), and the end records, with ZIP64
 * (§4.3.14, §4.3.15, §4.5.3) where a size, an offset or the entry count does not fit the classic
 * fields. Every byte is deterministic: the modification time is the DOS epoch,
 * 1980-01-01 00:00:00, so the same tensors give the same file.
 *
 * <p>A member's CRC-32 is not known until its data has been streamed; its local header is written
 * with a zero CRC, which {@link #crcOffset} locates for patching once the data is written. Sizes
 * are known in advance, so no data descriptor is needed.
 *
 * <p>Reference: PKWARE <a href="https://pkwaredownloads.blob.core.windows.net/pem/APPNOTE.txt">APPNOTE.TXT
 * - .ZIP File Format Specification</a>, version 6.3.10.
 */
final class StoredZip {
    /** Fields at or above this hold 0xFFFFFFFF and the value moves to a ZIP64 field. */
    static final long ZIP64_LIMIT = 0xFFFF_FFFFL;
    /** Entry counts at or above this need the ZIP64 end record. */
    static final int ZIP64_COUNT_LIMIT = 0xFFFF;

    private static final int LOCAL_SIGNATURE = 0x04034b50;
    private static final int CENTRAL_SIGNATURE = 0x02014b50;
    private static final int END_SIGNATURE = 0x06054b50;
    private static final int ZIP64_END_SIGNATURE = 0x06064b50;
    private static final int ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
    private static final short ZIP64_EXTRA_ID = 0x0001;
    private static final short VERSION_20 = 20;
    private static final short VERSION_45 = 45;
    /** Made by UNIX (3), spec version 4.5, so that unzip gives members mode 0644. */
    private static final short MADE_BY = (short) (3 << 8 | 45);
    /** Regular file, rw-r--r--, in the high half of the external attributes. */
    private static final int EXTERNAL_ATTRIBUTES = 0100644 << 16;
    private static final short FLAG_UTF8 = 0x0800;
    /** 1980-01-01: (year - 1980) << 9 | month << 5 | day. */
    private static final short DOS_DATE = 1 << 5 | 1;
    /** Offset of the CRC field in a local header. */
    private static final int LOCAL_CRC_OFFSET = 14;

    private final long threshold;
    private final int countThreshold;
    private final List<Entry> entries = new ArrayList<>();

    /** A member: its name, size, CRC and where its local header starts. */
    private static final class Entry {
        final byte[] name;
        final long size;
        final long offset;
        int crc;

        Entry(byte[] name, long size, long offset) {
            this.name = name;
            this.size = size;
            this.offset = offset;
        }
    }

    /**
     * @param threshold sizes and offsets at or above this use ZIP64 ({@link #ZIP64_LIMIT}; lower
     *     only to test the ZIP64 records on small files)
     */
    StoredZip(long threshold) {
        this.threshold = threshold;
        this.countThreshold = (int) Math.min(threshold, ZIP64_COUNT_LIMIT);
    }

    /**
     * Checks a member name: UTF-8, at most 65535 bytes.
     *
     * @return the UTF-8 bytes
     */
    static byte[] memberName(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0xFFFF) {
            throw new IllegalArgumentException("zip member name is longer than 65535 UTF-8 bytes: "
                    + name.substring(0, 40) + "...");
        }
        return bytes;
    }

    /**
     * The local header of the next member, with a zero CRC.
     *
     * @param name the member name
     * @param size its size (stored: compressed = uncompressed)
     * @param offset where this header starts in the file
     * @return the header bytes
     */
    ByteBuffer localHeader(String name, long size, long offset) {
        Entry e = new Entry(memberName(name), size, offset);
        entries.add(e);
        boolean zip64 = size >= threshold;
        ByteBuffer b = le(30 + e.name.length + (zip64 ? 20 : 0));
        b.putInt(LOCAL_SIGNATURE).putShort(versionNeeded(e)).putShort(flags(name)).putShort((short) 0)
                .putShort((short) 0).putShort(DOS_DATE).putInt(0)
                .putInt(zip64 ? -1 : (int) size).putInt(zip64 ? -1 : (int) size)
                .putShort((short) e.name.length).putShort((short) (zip64 ? 20 : 0)).put(e.name);
        if (zip64) {
            b.putShort(ZIP64_EXTRA_ID).putShort((short) 16).putLong(size).putLong(size);
        }
        return b.flip();
    }

    /** The file offset of the CRC field of the last member's local header. */
    long crcOffset() {
        return entries.get(entries.size() - 1).offset + LOCAL_CRC_OFFSET;
    }

    /** Sets the CRC of the last member and returns it as the 4 bytes to patch at {@link #crcOffset}. */
    ByteBuffer crc(int crc) {
        entries.get(entries.size() - 1).crc = crc;
        return le(4).putInt(crc).flip();
    }

    /**
     * The central directory and end records.
     *
     * @param offset where the central directory starts (after the last member)
     * @return the bytes
     */
    ByteBuffer end(long offset) {
        long total = 0;
        for (Entry e : entries) {
            total += 46 + e.name.length + centralExtraLength(e);
        }
        if (total > Integer.MAX_VALUE - 1024) {
            throw new IllegalArgumentException("zip central directory would exceed 2 GiB: " + entries.size() + " members");
        }
        int size = (int) total;
        boolean zip64End = entries.size() >= countThreshold || offset >= threshold || size >= threshold;
        ByteBuffer b = le(size + (zip64End ? 56 + 20 : 0) + 22);
        for (Entry e : entries) {
            boolean bigSize = e.size >= threshold;
            boolean bigOffset = e.offset >= threshold;
            int extra = centralExtraLength(e);
            b.putInt(CENTRAL_SIGNATURE).putShort(MADE_BY).putShort(versionNeeded(e))
                    .putShort(flags(new String(e.name, StandardCharsets.UTF_8))).putShort((short) 0)
                    .putShort((short) 0).putShort(DOS_DATE).putInt(e.crc)
                    .putInt(bigSize ? -1 : (int) e.size).putInt(bigSize ? -1 : (int) e.size)
                    .putShort((short) e.name.length).putShort((short) extra).putShort((short) 0)
                    .putShort((short) 0).putShort((short) 0).putInt(EXTERNAL_ATTRIBUTES)
                    .putInt(bigOffset ? -1 : (int) e.offset).put(e.name);
            if (extra > 0) {
                b.putShort(ZIP64_EXTRA_ID).putShort((short) (extra - 4));
                if (bigSize) {
                    b.putLong(e.size).putLong(e.size);
                }
                if (bigOffset) {
                    b.putLong(e.offset);
                }
            }
        }
        long endOffset = offset + size;
        if (zip64End) {
            b.putInt(ZIP64_END_SIGNATURE).putLong(44).putShort(MADE_BY).putShort(VERSION_45).putInt(0).putInt(0)
                    .putLong(entries.size()).putLong(entries.size()).putLong(size).putLong(offset);
            b.putInt(ZIP64_LOCATOR_SIGNATURE).putInt(0).putLong(endOffset).putInt(1);
        }
        short count = zip64End ? (short) -1 : (short) entries.size();
        b.putInt(END_SIGNATURE).putShort((short) 0).putShort((short) 0).putShort(count).putShort(count)
                .putInt(zip64End ? -1 : size).putInt(zip64End ? -1 : (int) offset).putShort((short) 0);
        return b.flip();
    }

    private int centralExtraLength(Entry e) {
        int fields = (e.size >= threshold ? 16 : 0) + (e.offset >= threshold ? 8 : 0);
        return fields == 0 ? 0 : 4 + fields;
    }

    private short versionNeeded(Entry e) {
        return e.size >= threshold || e.offset >= threshold ? VERSION_45 : VERSION_20;
    }

    private static short flags(String name) {
        return name.chars().allMatch(c -> c < 0x80) ? 0 : FLAG_UTF8;
    }

    private static ByteBuffer le(int capacity) {
        return ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
    }
}
