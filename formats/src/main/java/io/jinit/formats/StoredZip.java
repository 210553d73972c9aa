package io.jinit.formats;

import java.io.IOException;
import java.io.InputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The records of a zip archive, after PKWARE's APPNOTE 6.3.10: local file headers (§4.3.7), the
 * central directory (§4.3.12), and the end records, with ZIP64 (§4.3.14, §4.3.15, §4.5.3) where a
 * size, an offset or the entry count does not fit the classic fields.
 *
 * <p>Writing: STORED (uncompressed) members only. Every byte is deterministic: the modification
 * time is the DOS epoch, 1980-01-01 00:00:00, so the same tensors give the same file.
 *
 * <p>A member's CRC-32 is not known until its data has been streamed; its local header is written
 * with a zero CRC, which {@link #crcOffset} locates for patching once the data is written. Sizes
 * are known in advance, so no data descriptor is needed.
 *
 * <p>Reading ({@link #members}): STORED and DEFLATED members, ZIP64, data descriptors and archive
 * comments, from the central directory as Python's {@code zipfile} (and so {@code numpy.load})
 * reads it. What it would read differently from the bytes, or what would make a small file cost
 * unbounded work, is refused: members that overlap one another or the central directory (one
 * deflated member listed 200 times would be inflated 200 times), duplicate names ({@code zipfile}
 * keeps the last), names holding NUL ({@code zipfile} cuts them there), a local header whose
 * name differs from the directory's, encrypted members, methods other than 0 and 8, and archives
 * split over several disks. A DEFLATED member may not declare more than
 * {@link #MAX_DEFLATE_RATIO} times its compressed size, the most deflate can expand, and its
 * stream yields exactly the declared size; so the bytes inflated from a whole archive are at most
 * {@value #MAX_DEFLATE_RATIO} times the file's size. {@link MemberStream} checks each member's
 * CRC-32 when it has been read to its end.
 *
 * <p>Reference: PKWARE <a href="https://pkwaredownloads.blob.core.windows.net/pem/APPNOTE.txt">APPNOTE.TXT
 * - .ZIP File Format Specification</a>, version 6.3.10.
 */
final class StoredZip {
    /** Fields at or above this hold 0xFFFFFFFF and the value moves to a ZIP64 field. */
    static final long ZIP64_LIMIT = 0xFFFF_FFFFL;
    /** Entry counts at or above this need the ZIP64 end record. */
    static final int ZIP64_COUNT_LIMIT = 0xFFFF;
    /**
     * The most bytes deflate can produce per compressed byte: at best a 258-byte match costs one
     * bit of length code and one of distance code (RFC 1951 §3.2.5), so 4 × 258 bytes per byte.
     */
    static final int MAX_DEFLATE_RATIO = 1032;
    /** Compression method STORED. */
    static final int STORED = 0;
    /** Compression method DEFLATED. */
    static final int DEFLATED = 8;

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
    /** General purpose flags: bit 0 encrypted, bit 6 strong encryption (APPNOTE §4.4.4). */
    private static final int FLAGS_ENCRYPTED = 0x0001 | 0x0040;
    private static final int LOCAL_HEADER_BYTES = 30;
    private static final int CENTRAL_HEADER_BYTES = 46;
    private static final int END_BYTES = 22;
    private static final int ZIP64_END_BYTES = 56;
    private static final int ZIP64_LOCATOR_BYTES = 20;
    private static final long U32_SATURATED = 0xFFFF_FFFFL;
    private static final int U16_SATURATED = 0xFFFF;
    /** The code page of zip names without the UTF-8 flag, as Python's zipfile decodes them. */
    private static final Charset CP437 = Charset.forName("IBM437");
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

    /**
     * A member as the central directory lists it.
     *
     * @param name the name, decoded as Python's zipfile decodes it (UTF-8 if flagged, else CP437)
     * @param method {@link #STORED} or {@link #DEFLATED}
     * @param crc the CRC-32 of the uncompressed bytes
     * @param compressedSize bytes in the file
     * @param size bytes once uncompressed
     * @param dataOffset where the member's data starts in the file
     */
    record Member(String name, int method, int crc, long compressedSize, long size, long dataOffset) {
    }

    /** Where the central directory is and how many entries it declares. */
    private record Directory(long offset, long size, long entries) {
    }

    /**
     * Reads and checks the central directory and every local header of a zip archive.
     *
     * @param channel the file
     * @param where the file named in errors
     * @return the members, in central directory order
     * @throws IllegalArgumentException naming the file (and member) if the archive is malformed,
     *     or holds what {@link StoredZip} refuses
     */
    static List<Member> members(FileChannel channel, String where) throws IOException {
        long length = channel.size();
        Directory dir = directory(channel, length, where);
        ByteBuffer cd = read(channel, dir.offset(), (int) dir.size(), where, "central directory");
        List<Member> members = new ArrayList<>();
        List<long[]> extents = new ArrayList<>();
        Set<String> names = new HashSet<>();
        long p = 0;
        while (p < dir.size()) {
            int at = (int) p;
            if (dir.size() - p < CENTRAL_HEADER_BYTES || cd.getInt(at) != CENTRAL_SIGNATURE) {
                throw bad(where, "malformed central directory: no entry header at byte " + (dir.offset() + p));
            }
            int flags = u16(cd, at + 8);
            int method = u16(cd, at + 10);
            int crc = cd.getInt(at + 16);
            long compressed = u32(cd, at + 20);
            long size = u32(cd, at + 24);
            int nameLength = u16(cd, at + 28);
            int extraLength = u16(cd, at + 30);
            int commentLength = u16(cd, at + 32);
            long disk = u16(cd, at + 34);
            long local = u32(cd, at + 42);
            long next = p + CENTRAL_HEADER_BYTES + nameLength + extraLength + commentLength;
            if (next > dir.size()) {
                throw bad(where, "malformed central directory: entry " + members.size() + " runs past its end");
            }
            byte[] rawName = new byte[nameLength];
            cd.get(at + CENTRAL_HEADER_BYTES, rawName);
            String name = name(rawName, flags, where);
            String member = where + "!" + TensorFiles.printable(name);
            if (size == U32_SATURATED || compressed == U32_SATURATED || local == U32_SATURATED
                    || disk == U16_SATURATED) {
                // APPNOTE §4.5.3: only the saturated fields are in the ZIP64 extra field, in this order.
                ByteBuffer zip64 = zip64Extra(cd, at + CENTRAL_HEADER_BYTES + nameLength, extraLength, member);
                try {
                    size = size == U32_SATURATED ? zip64.getLong() : size;
                    compressed = compressed == U32_SATURATED ? zip64.getLong() : compressed;
                    local = local == U32_SATURATED ? zip64.getLong() : local;
                    disk = disk == U16_SATURATED ? zip64.getInt() & U32_SATURATED : disk;
                } catch (BufferUnderflowException e) {
                    throw bad(member, "its ZIP64 extra field is shorter than the fields it replaces");
                }
            }
            check(member, name, flags, method, compressed, size, disk);
            if (!names.add(name)) {
                // numpy.load lists both and returns the last member's array under the name of each.
                throw bad(member, "the archive holds two members of this name");
            }
            long data = localData(channel, local, rawName, dir.offset(), member);
            if (compressed > dir.offset() - data) {
                throw bad(member, "its data [" + data + ", +" + compressed + ") runs into the central directory at "
                        + dir.offset());
            }
            members.add(new Member(name, method, crc, compressed, size, data));
            extents.add(new long[] {local, data + compressed, members.size() - 1});
            p = next;
        }
        if (members.size() != dir.entries()) {
            throw bad(where, "malformed central directory: it declares " + dir.entries() + " entries but holds "
                    + members.size());
        }
        extents.sort(Comparator.comparingLong(e -> e[0]));
        for (int i = 1; i < extents.size(); i++) {
            if (extents.get(i)[0] < extents.get(i - 1)[1]) {
                throw bad(where + "!" + TensorFiles.printable(members.get((int) extents.get(i)[2]).name()),
                        "it overlaps member " + TensorFiles.printable(members.get((int) extents.get(i - 1)[2]).name())
                        + "; members of an archive may not share bytes");
            }
        }
        return members;
    }

    private static void check(String member, String name, int flags, int method, long compressed, long size,
            long disk) {
        if (compressed < 0 || size < 0) {
            throw bad(member, "its ZIP64 sizes exceed 2^63 bytes: " + Long.toUnsignedString(compressed) + ", "
                    + Long.toUnsignedString(size));
        }
        if (name.indexOf('\0') >= 0) {
            throw bad(member, "the name holds a NUL character, where Python's zipfile cuts it");
        }
        if ((flags & FLAGS_ENCRYPTED) != 0) {
            throw bad(member, "it is encrypted, which is not supported");
        }
        if (disk != 0) {
            throw bad(member, "it starts on disk " + disk + "; archives split over several disks are not supported");
        }
        if (method != STORED && method != DEFLATED) {
            throw bad(member, "compression method " + method + " is not supported (0, STORED, as numpy.savez writes,"
                    + " and 8, DEFLATED, as numpy.savez_compressed writes)");
        }
        if (method == STORED && compressed != size) {
            throw bad(member, "a STORED member's compressed size " + compressed + " differs from its size " + size);
        }
        if (method == DEFLATED && size / MAX_DEFLATE_RATIO > compressed) {
            throw bad(member, "it declares " + size + " bytes inflated from " + compressed
                    + ", more than deflate can produce (at most " + MAX_DEFLATE_RATIO + " per byte)");
        }
    }

    /** The end record (ZIP64 if located), checked against the file. */
    private static Directory directory(FileChannel channel, long length, String where) throws IOException {
        int tail = (int) Math.min(length, END_BYTES + 0xFFFF);
        ByteBuffer b = read(channel, length - tail, tail, where, "end records");
        int at = -1;
        // The last signature whose comment fits in the file: a comment may itself hold the signature.
        for (int p = tail - END_BYTES; p >= 0 && at < 0; p--) {
            if (b.getInt(p) == END_SIGNATURE && p + END_BYTES + u16(b, p + 20) <= tail) {
                at = p;
            }
        }
        if (at < 0) {
            throw bad(where, "malformed .npz (zip) file: no end of central directory record");
        }
        long end = length - tail + at;
        long disk = u16(b, at + 4);
        long cdDisk = u16(b, at + 6);
        long onDisk = u16(b, at + 8);
        long entries = u16(b, at + 10);
        long size = u32(b, at + 12);
        long offset = u32(b, at + 16);
        long records = end;
        if (end >= ZIP64_LOCATOR_BYTES) {
            ByteBuffer locator = read(channel, end - ZIP64_LOCATOR_BYTES, ZIP64_LOCATOR_BYTES, where, "ZIP64 locator");
            if (locator.getInt(0) == ZIP64_LOCATOR_SIGNATURE) {
                long z = locator.getLong(8);
                if (z < 0 || z > end - ZIP64_LOCATOR_BYTES - ZIP64_END_BYTES) {
                    throw bad(where, "malformed .npz (zip) file: the ZIP64 end record offset " + z
                            + " is outside the file");
                }
                ByteBuffer z64 = read(channel, z, ZIP64_END_BYTES, where, "ZIP64 end record");
                if (z64.getInt(0) != ZIP64_END_SIGNATURE) {
                    throw bad(where, "malformed .npz (zip) file: no ZIP64 end record at " + z);
                }
                disk = z64.getInt(16) & U32_SATURATED;
                cdDisk = z64.getInt(20) & U32_SATURATED;
                onDisk = z64.getLong(24);
                entries = z64.getLong(32);
                size = z64.getLong(40);
                offset = z64.getLong(48);
                records = z;
            }
        }
        if (disk != 0 || cdDisk != 0 || onDisk != entries) {
            throw bad(where, "the archive is split over several disks, which is not supported");
        }
        if (offset < 0 || size < 0 || offset > records || size > records - offset) {
            throw bad(where, "malformed .npz (zip) file: the central directory [" + offset + ", +" + size
                    + ") is not within the " + records + " bytes before the end records");
        }
        if (size > Integer.MAX_VALUE - 8 || entries < 0 || entries > size / CENTRAL_HEADER_BYTES) {
            throw bad(where, "malformed .npz (zip) file: a central directory of " + size + " bytes cannot hold "
                    + Long.toUnsignedString(entries) + " entries");
        }
        return new Directory(offset, size, entries);
    }

    /** The ZIP64 extra field's data, or an error naming the member if there is none. */
    private static ByteBuffer zip64Extra(ByteBuffer cd, int from, int length, String member) {
        int p = from;
        while (p + 4 <= from + length) {
            int id = u16(cd, p);
            int size = u16(cd, p + 2);
            if (p + 4 + size > from + length) {
                break;
            }
            if (id == ZIP64_EXTRA_ID) {
                return cd.slice(p + 4, size).order(ByteOrder.LITTLE_ENDIAN);
            }
            p += 4 + size;
        }
        throw bad(member, "a size or offset is 0xFFFFFFFF but there is no ZIP64 extra field");
    }

    /** Checks a member's local header against the directory and gives where its data starts. */
    private static long localData(FileChannel channel, long local, byte[] name, long directory, String member)
            throws IOException {
        if (local < 0 || local > directory - LOCAL_HEADER_BYTES - name.length) {
            throw bad(member, "its local header offset " + local + " is not before the central directory at "
                    + directory);
        }
        ByteBuffer h = read(channel, local, LOCAL_HEADER_BYTES + name.length, member, "local header");
        if (h.getInt(0) != LOCAL_SIGNATURE) {
            throw bad(member, "no local header at " + local);
        }
        byte[] localName = new byte[u16(h, 26)];
        if (localName.length == name.length) {
            h.get(LOCAL_HEADER_BYTES, localName);
        }
        if (!Arrays.equals(localName, name)) {
            // Python's zipfile refuses this too ("File name in directory ... and header ... differ").
            throw bad(member, "the local header at " + local + " names another member");
        }
        return local + LOCAL_HEADER_BYTES + name.length + u16(h, 28);
    }

    private static String name(byte[] raw, int flags, String where) {
        if ((flags & FLAG_UTF8) == 0) {
            return new String(raw, CP437);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            StringBuilder bytes = new StringBuilder();
            for (byte b : raw) {
                bytes.append(b >= 0x20 && b < 0x7F && b != '\\' ? String.valueOf((char) b)
                        : String.format("\\x%02x", b & 0xFF));
            }
            throw bad(where, "a member name flagged UTF-8 is not valid UTF-8: " + bytes);
        }
    }

    private static ByteBuffer read(FileChannel channel, long position, int n, String where, String what)
            throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (channel.read(b, position + b.position()) < 0) {
                throw bad(where, "truncated in the " + what);
            }
        }
        return b.flip();
    }

    private static int u16(ByteBuffer b, int at) {
        return b.getShort(at) & 0xFFFF;
    }

    private static long u32(ByteBuffer b, int at) {
        return b.getInt(at) & U32_SATURATED;
    }

    private static IllegalArgumentException bad(String where, String problem) {
        return new IllegalArgumentException(where + ": " + problem);
    }

    /**
     * A member's bytes, inflated if DEFLATED, ending at its declared size. Read to its end from
     * its start, it checks the CRC-32; a DEFLATED member that yields fewer bytes than declared is
     * an error, and it is never inflated past its declared size.
     */
    static final class MemberStream extends InputStream {
        private final FileChannel channel;
        private final Member member;
        private final String where;
        private final Inflater inflater;
        private final byte[] input;
        private final CRC32 crc = new CRC32();
        private final boolean verify;
        private boolean crcChecked;
        private boolean dummyGiven;
        private long consumed;
        private long produced;

        /**
         * @param channel the archive
         * @param member the member
         * @param where the member named in errors
         * @param verify whether the CRC-32 is to be checked: then skips read through the data
         *     instead of seeking in STORED members
         */
        MemberStream(FileChannel channel, Member member, String where, boolean verify) {
            this.channel = channel;
            this.member = member;
            this.where = where;
            this.verify = verify;
            this.inflater = member.method() == DEFLATED ? new Inflater(true) : null;
            this.input = inflater == null ? null
                    : new byte[(int) Math.min(1 << 16, Math.max(1, member.compressedSize()))];
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            long left = member.size() - produced;
            if (left == 0) {
                checkCrc();
                return -1;
            }
            int n = (int) Math.min(len, left);
            int got = inflater == null ? readStored(b, off, n) : inflate(b, off, n);
            crc.update(b, off, got);
            produced += got;
            if (produced == member.size()) {
                checkCrc();
            }
            return got;
        }

        private void checkCrc() {
            if (verify && !crcChecked) {
                crcChecked = true;
                if ((int) crc.getValue() != member.crc()) {
                    throw bad(where, "CRC-32 mismatch: the data gives " + hex((int) crc.getValue())
                            + " but the archive records " + hex(member.crc()) + " (the file is damaged)");
                }
            }
        }

        @Override
        public long skip(long n) throws IOException {
            if (inflater != null || verify || n <= 0) {
                return super.skip(n);
            }
            long skipped = Math.min(n, member.size() - produced);
            produced += skipped;
            consumed += skipped;
            return skipped;
        }

        /** Reads what is left of the member, which checks its CRC-32 if it was read from its start. */
        void readToEnd() throws IOException {
            byte[] rest = new byte[8192];
            while (read(rest, 0, rest.length) >= 0) {
                continue;
            }
        }

        private int readStored(byte[] b, int off, int n) throws IOException {
            int got = channel.read(ByteBuffer.wrap(b, off, n), member.dataOffset() + consumed);
            if (got <= 0) {
                throw bad(where, "truncated in its data");
            }
            consumed += got;
            return got;
        }

        private int inflate(byte[] b, int off, int n) throws IOException {
            try {
                while (true) {
                    int got = inflater.inflate(b, off, n);
                    if (got > 0) {
                        return got;
                    }
                    if (inflater.finished()) {
                        throw bad(where, "its DEFLATED data ends after " + produced + " of the " + member.size()
                                + " bytes declared");
                    }
                    if (!inflater.needsInput()) {
                        throw bad(where, "its DEFLATED data asks for a preset dictionary, which zip does not use");
                    }
                    fill();
                }
            } catch (DataFormatException e) {
                throw bad(where, "malformed DEFLATED data: " + e.getMessage());
            }
        }

        private void fill() throws IOException {
            long left = member.compressedSize() - consumed;
            if (left == 0) {
                if (dummyGiven) {
                    throw bad(where, "its DEFLATED data is truncated after " + produced + " of the " + member.size()
                            + " bytes declared");
                }
                // The Inflater Javadoc: in nowrap mode zlib may need one byte past the stream.
                dummyGiven = true;
                inflater.setInput(new byte[1]);
                return;
            }
            int got = channel.read(ByteBuffer.wrap(input, 0, (int) Math.min(input.length, left)),
                    member.dataOffset() + consumed);
            if (got <= 0) {
                throw bad(where, "truncated in its DEFLATED data");
            }
            consumed += got;
            inflater.setInput(input, 0, got);
        }

        private static String hex(int crc) {
            return String.format("%08x", crc);
        }

        @Override
        public void close() {
            if (inflater != null) {
                inflater.end();
            }
        }
    }
}
