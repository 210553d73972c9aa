package io.jinit.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jinit.shape.Shape;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Zip archives that numpy.load would read differently from their bytes, or that would cost far
 * more work than their size: each is refused with an IllegalArgumentException naming the file,
 * the member and the problem. The archives are built byte by byte here, since no zip library
 * writes most of them. numpy 2.4.6 behaviour cited in comments was checked with Python 3.11.
 */
class HostileArchivesTest {
    @TempDir
    Path dir;

    /** A float32 .npy file of the given values. */
    private static byte[] npy(float... values) {
        byte[] header = NpyHeader.of(DType.FLOAT32, Shape.of(values.length)).encode();
        ByteBuffer b = ByteBuffer.allocate(header.length + 4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(header);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    private static byte[] deflate(byte[] data) {
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
        d.setInput(data);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 16];
        while (!d.finished()) {
            out.write(buffer, 0, d.deflate(buffer));
        }
        d.end();
        return out.toByteArray();
    }

    /**
     * A member as its headers describe it; the fields may be set to lie.
     */
    private record Rec(byte[] name, int flags, int method, int crc, long compressed, long size, long offset) {
        Rec withName(String n) {
            return new Rec(n.getBytes(StandardCharsets.UTF_8), flags, method, crc, compressed, size, offset);
        }

        Rec withFlags(int f) {
            return new Rec(name, f, method, crc, compressed, size, offset);
        }

        Rec withMethod(int m) {
            return new Rec(name, flags, m, crc, compressed, size, offset);
        }

        Rec withCrc(int c) {
            return new Rec(name, flags, method, c, compressed, size, offset);
        }

        Rec withSize(long s) {
            return new Rec(name, flags, method, crc, compressed, s, offset);
        }
    }

    /** Writes zip records one at a time: local headers and data, then the central directory. */
    private static final class ZipBytes {
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private final ByteArrayOutputStream central = new ByteArrayOutputStream();
        private int entries;

        /** Appends a local header and the data (deflated if asked) and gives the record. */
        Rec local(byte[] name, int flags, byte[] data, boolean deflated) {
            CRC32 crc = new CRC32();
            crc.update(data);
            byte[] stored = deflated ? deflate(data) : data;
            Rec r = new Rec(name, flags, deflated ? 8 : 0, (int) crc.getValue(), stored.length, data.length,
                    body.size());
            ByteBuffer b = le(30 + name.length);
            b.putInt(0x04034b50).putShort((short) 20).putShort((short) flags).putShort((short) r.method())
                    .putInt(0).putInt(r.crc()).putInt((int) r.compressed()).putInt((int) r.size())
                    .putShort((short) name.length).putShort((short) 0).put(name);
            body.writeBytes(b.array());
            body.writeBytes(stored);
            return r;
        }

        Rec local(String name, byte[] data, boolean deflated) {
            return local(name.getBytes(StandardCharsets.UTF_8), 0, data, deflated);
        }

        /** Appends raw bytes to the members' area. */
        void raw(byte[] bytes) {
            body.writeBytes(bytes);
        }

        int size() {
            return body.size();
        }

        ZipBytes central(Rec r) {
            ByteBuffer b = le(46 + r.name().length);
            b.putInt(0x02014b50).putShort((short) 20).putShort((short) 20).putShort((short) r.flags())
                    .putShort((short) r.method()).putInt(0).putInt(r.crc()).putInt((int) r.compressed())
                    .putInt((int) r.size()).putShort((short) r.name().length).putShort((short) 0)
                    .putShort((short) 0).putShort((short) 0).putShort((short) 0).putInt(0).putInt((int) r.offset())
                    .put(r.name());
            central.writeBytes(b.array());
            entries++;
            return this;
        }

        byte[] finish(int disk, String comment) {
            byte[] c = comment.getBytes(StandardCharsets.US_ASCII);
            ByteBuffer end = le(22 + c.length);
            end.putInt(0x06054b50).putShort((short) disk).putShort((short) disk).putShort((short) entries)
                    .putShort((short) entries).putInt(central.size()).putInt(body.size())
                    .putShort((short) c.length).put(c);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(body.toByteArray());
            out.writeBytes(central.toByteArray());
            out.writeBytes(end.array());
            return out.toByteArray();
        }

        byte[] finish() {
            return finish(0, "");
        }

        private static ByteBuffer le(int n) {
            return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    private Path file(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static void assertRejected(Path file, String problem) {
        assertThatThrownBy(() -> TensorFiles.stats(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(file.toString()).hasMessageContaining(problem);
    }

    @Test
    void aHandBuiltArchiveReadsAsNumpyWouldReadIt() throws IOException {
        ZipBytes z = new ZipBytes();
        z.central(z.local("w.npy", npy(1, 2, 3), false)).central(z.local("v.npy", npy(4), true));
        // A comment, here one holding an end-record signature, is allowed (zipfile takes the last end record).
        Path ok = file("ok.npz", z.finish(0, "PK\5\6 a comment"));
        assertThat(TensorFiles.stats(ok)).containsEntry("w", new TensorStats(3, 2, Math.sqrt(2.0 / 3), 1, 3))
                .containsEntry("v", new TensorStats(1, 4, 0, 4, 4));
    }

    @Test
    void duplicateMembersAreRefused() throws IOException {
        // numpy.load lists 'w' twice and returns the last member's array for both.
        ZipBytes z = new ZipBytes();
        z.central(z.local("w.npy", npy(1), false)).central(z.local("w.npy", npy(2), false));
        assertRejected(file("dup.npz", z.finish()), "dup.npz!w.npy: the archive holds two members of this name");
    }

    @Test
    void crcMismatchesAreFoundWhenTheDataIsRead() throws IOException {
        // zipfile raises BadZipFile ("Bad CRC-32") when a member is read to its end.
        for (boolean deflated : new boolean[] {false, true}) {
            ZipBytes z = new ZipBytes();
            Rec r = z.local("w.npy", npy(1, 2), deflated);
            Path bad = file("crc" + deflated + ".npz", z.central(r.withCrc(r.crc() ^ 1)).finish());
            assertThat(TensorFiles.open(bad)).hasSize(1);
            assertRejected(bad, "crc" + deflated + ".npz!w.npy: CRC-32 mismatch: the data gives "
                    + String.format("%08x", r.crc()) + " but the archive records "
                    + String.format("%08x", r.crc() ^ 1));
            double[] one = new double[1];
            TensorFiles.read(bad, "w", 1, one, 0, 1);
            assertThat(one).containsExactly(2);
        }
    }

    @Test
    void overlappingMembersAreRefused() throws IOException {
        // A stored member whose data holds the whole of a second member, local header included: the
        // construction of non-recursive zip bombs, where every member re-reads one kernel.
        ZipBytes inner = new ZipBytes();
        Rec b = inner.local("b.npy", npy(7), false);
        byte[] innerBytes = Arrays.copyOf(inner.finish(), inner.size());
        ZipBytes z = new ZipBytes();
        Rec a = z.local("a.npy", concat(npy(1), innerBytes), false);
        Rec shifted = new Rec(b.name(), 0, 0, b.crc(), b.compressed(), b.size(), a.offset() + 30 + 5 + npy(1).length);
        Path bad = file("overlap.npz", z.central(a).central(shifted).finish());
        assertRejected(bad, "overlap.npz!b.npy: it overlaps member a.npy; members of an archive may not share bytes");
    }

    @Test
    void oneDeflatedMemberListed200TimesIsRefusedAtOnce() throws IOException {
        // 64 MiB of zeros deflate to about 64 KB; 200 directory entries naming it would inflate 12.5 GiB.
        byte[] data = new byte[64 << 20];
        byte[] header = NpyHeader.of(DType.FLOAT32, Shape.of((data.length - 128) / 4)).encode();
        System.arraycopy(header, 0, data, 0, header.length);
        byte[] npy = Arrays.copyOf(data, header.length + (data.length - 128));
        ZipBytes z = new ZipBytes();
        Rec kernel = z.local("k0.npy", npy, true);
        z.central(kernel);
        for (int i = 1; i < 200; i++) {
            z.central(kernel.withName("k" + i + ".npy"));
        }
        Path bomb = file("bomb.npz", z.finish());
        assertThat(Files.size(bomb)).isLessThan(1 << 20);
        long start = System.nanoTime();
        assertRejected(bomb, "bomb.npz!k1.npy: the local header at 0 names another member");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void declaredSizesAreBoundedByWhatDeflateCanProduce() throws IOException {
        ZipBytes z = new ZipBytes();
        Rec r = z.local("w.npy", npy(1, 2), true);
        long impossible = (r.compressed() + 1) * StoredZip.MAX_DEFLATE_RATIO;
        assertRejected(file("ratio.npz", z.central(r.withSize(impossible)).finish()),
                "ratio.npz!w.npy: it declares " + impossible + " bytes inflated from " + r.compressed()
                        + ", more than deflate can produce (at most 1032 per byte)");
        ZipBytes y = new ZipBytes();
        Rec s = y.local("w.npy", npy(1, 2), true);
        Rec longer = s.withSize(s.size() + 8);
        assertRejected(file("short.npz", y.central(longer).finish()),
                "short.npz!w.npy: its DEFLATED data ends after " + s.size() + " of the " + longer.size()
                        + " bytes declared");
    }

    @Test
    void membersThatZipfileReadsDifferentlyOrNotAtAll() throws IOException {
        ZipBytes a = new ZipBytes();
        a.central(a.local("w.npy", npy(1), false).withFlags(1));
        assertRejected(file("enc.npz", a.finish()), "enc.npz!w.npy: it is encrypted, which is not supported");
        ZipBytes b = new ZipBytes();
        b.central(b.local("w.npy", npy(1), false).withMethod(12));
        assertRejected(file("bz.npz", b.finish()), "bz.npz!w.npy: compression method 12 is not supported");
        ZipBytes c = new ZipBytes();
        c.central(c.local("w.npy", npy(1), false));
        assertRejected(file("disk.npz", c.finish(1, "")), "disk.npz: the archive is split over several disks");
        // zipfile.ZipInfo cuts a name at its first NUL: 'a\0b.npy' would be read as member 'a'.
        ZipBytes d = new ZipBytes();
        d.central(d.local("a\0b.npy", npy(1), false));
        assertRejected(file("nul.npz", d.finish()), "nul.npz!a\\x00b.npy: the name holds a NUL character");
        ZipBytes e = new ZipBytes();
        e.central(e.local(new byte[] {(byte) 0xC0, (byte) 0x80, '.', 'n', 'p', 'y'}, 0x800, npy(1), false));
        assertRejected(file("utf.npz", e.finish()), "utf.npz: a member name flagged UTF-8 is not valid UTF-8: \\xc0\\x80.npy");
        ZipBytes f = new ZipBytes();
        f.central(f.local("w.npy", npy(1), false).withName("v.npy"));
        assertRejected(file("name.npz", f.finish()), "name.npz!v.npy: the local header at 0 names another member");
    }

    @Test
    void namesWithoutTheUtf8FlagAreCodePage437AsInZipfile() throws IOException {
        // zipfile decodes unflagged names as CP437: 0x82 is 'é'; numpy.load lists ['é'].
        ZipBytes z = new ZipBytes();
        z.central(z.local(new byte[] {(byte) 0x82, '.', 'n', 'p', 'y'}, 0, npy(1), false));
        assertThat(TensorFiles.open(file("cp437.npz", z.finish()))).extracting(TensorInfo::name).containsExactly("é");
    }

    @Test
    void malformedDirectories() throws IOException {
        ZipBytes z = new ZipBytes();
        z.central(z.local("w.npy", npy(1), false));
        byte[] ok = z.finish();
        byte[] count = ok.clone();
        count[ok.length - 22 + 8] = 2;
        count[ok.length - 22 + 10] = 2;
        assertRejected(file("count.npz", count), "count.npz: malformed .npz (zip) file: a central directory of 51 bytes"
                + " cannot hold 2 entries");
        byte[] offset = ok.clone();
        ByteBuffer.wrap(offset).order(ByteOrder.LITTLE_ENDIAN).putInt(ok.length - 22 + 16, ok.length);
        assertRejected(file("offset.npz", offset), "offset.npz: malformed .npz (zip) file: the central directory");
        assertRejected(file("end.npz", Arrays.copyOf(ok, ok.length - 1)), "end.npz: malformed .npz (zip) file: no end of"
                + " central directory record");
        ZipBytes y = new ZipBytes();
        y.central(y.local("w.npy", npy(1), false).withSize(0xFFFF_FFFFL));
        assertRejected(file("z64.npz", y.finish()), "z64.npz!w.npy: a size or offset is 0xFFFFFFFF but there is no"
                + " ZIP64 extra field");
    }

    @Test
    void pytorchCheckpointsAndOtherZipsAreNamed() throws IOException {
        // The layout torch.save has written since PyTorch 1.6: ARCHIVE/data.pkl, ARCHIVE/data/0, ...
        ByteArrayOutputStream torch = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(torch)) {
            for (String name : new String[] {"model/data.pkl", "model/byteorder", "model/data/0", "model/version"}) {
                out.putNextEntry(new ZipEntry(name));
                out.write(new byte[] {(byte) 0x80, 2, '.'});
                out.closeEntry();
            }
        }
        Path pt = file("model.pt", torch.toByteArray());
        assertThatThrownBy(() -> TensorFiles.open(pt)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(pt + " is a PyTorch checkpoint (torch.save, model/data.pkl), not a .npz; jinit reads"
                        + " .safetensors, .npy and .npz: convert it with safetensors.torch.save_file(torch.load('"
                        + pt + "'), 'model.safetensors')");
        // pickle protocol 2, as the legacy (pre-1.6) torch.save wrote, with its magic number next.
        Path legacy = file("legacy.pt", new byte[] {(byte) 0x80, 2, (byte) 0x8a, 10, 0x6c, (byte) 0xfc, (byte) 0x9c,
            0x46, (byte) 0xf9, 0x20, 0x6a, (byte) 0xa8, 0x50, 0x19, '.'});
        assertThatThrownBy(() -> TensorFiles.open(legacy)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(legacy + " is a Python pickle (a legacy torch.save checkpoint or pickle.dump),"
                        + " not a tensor file; jinit reads .safetensors, .npy and .npz");
        ZipBytes z = new ZipBytes();
        z.central(z.local("config.json", "{}".getBytes(StandardCharsets.US_ASCII), false));
        assertRejected(file("model.keras", z.finish()), "model.keras: a zip archive of 1 members, none of them a .npy"
                + " array, so not a .npz (first member: config.json)");
        assertThat(TensorFiles.open(file("empty.npz", new ZipBytes().finish()))).isEmpty();
    }

    @Test
    void zip64RecordsAreCheckedAgainstTheFile() throws IOException {
        Path ok = dir.resolve("z64.npz");
        NpzWriter.write(ok, java.util.List.of(new ArraySource("w", Shape.of(2), DType.FLOAT32, new double[] {1, 2})),
                16, 0);
        assertThat(TensorFiles.stats(ok)).containsEntry("w", new TensorStats(2, 1.5, 0.5, 1, 2));
        byte[] bytes = Files.readAllBytes(ok);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int locator = bytes.length - 22 - 20;
        long end64 = b.getLong(locator + 8);
        byte[] outside = bytes.clone();
        ByteBuffer.wrap(outside).order(ByteOrder.LITTLE_ENDIAN).putLong(locator + 8, Long.MAX_VALUE);
        assertRejected(file("loc.npz", outside), "loc.npz: malformed .npz (zip) file: the ZIP64 end record offset "
                + Long.MAX_VALUE + " is outside the file");
        byte[] count = bytes.clone();
        ByteBuffer.wrap(count).order(ByteOrder.LITTLE_ENDIAN).putLong((int) end64 + 24, 1L << 40)
                .putLong((int) end64 + 32, 1L << 40);
        assertRejected(file("count64.npz", count), "cannot hold 1099511627776 entries");
        // The central entry's ZIP64 extra field: its size (the first field) beyond 2^63.
        int central = (int) b.getLong((int) end64 + 48);
        int extra = central + 46 + b.getShort(central + 28);
        byte[] huge = bytes.clone();
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(extra + 4, -1L);
        assertRejected(file("huge.npz", huge), "huge.npz!w.npy: its ZIP64 sizes exceed 2^63 bytes");
    }

    @Test
    void zipOutputStreamArchivesWithDataDescriptorsRead() throws IOException {
        // ZipOutputStream writes DEFLATED members with zero sizes in the local header and a data descriptor.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            out.setComment("made by ZipOutputStream");
            out.putNextEntry(new ZipEntry("w.npy"));
            out.write(npy(1, 2, 3, 4));
            out.closeEntry();
        }
        Path f = file("dd.npz", bytes.toByteArray());
        assertThat(TensorFiles.stats(f)).containsEntry("w", new TensorStats(4, 2.5, Math.sqrt(1.25), 1, 4));
    }

    @Test
    void aSafetensorsHeaderThatStartsLikeAPickleIsStillSafetensors() throws IOException {
        // Header length 640 = 0x0280: the file starts 80 02 like a protocol-2 pickle, then '{' at byte 8.
        String json = "{\"w\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}}";
        byte[] text = (json + " ".repeat(640 - json.length())).getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(8 + 640).order(ByteOrder.LITTLE_ENDIAN).putLong(640).put(text);
        assertThat(b.get(0)).isEqualTo((byte) 0x80);
        assertThat(TensorFiles.open(file("w.safetensors", b.array()))).extracting(TensorInfo::name).containsExactly("w");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
