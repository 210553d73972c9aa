package io.jinit.formats;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The files of a checkpoint directory as a pure function of the model: its weight files (the
 * {@code .safetensors} shards, each with its tensors in order) and the text files written after
 * them (a shard index, a config). Since a tensor's values depend on (seed, name, element index)
 * alone, never on the process or the threads that compute them, every file's bytes follow from
 * the plan: any machine that builds the same plan writes any one of its files with the same
 * bytes. A checkpoint can therefore be written by several processes, each taking some weight
 * files ({@link #write(Path, Collection)}), or by tasks that stream single files into a
 * distributed file system ({@link WeightFile#write(WritableByteChannel)}), and it is the
 * checkpoint one process writes.
 *
 * <p>Weight files are numbered from 1 in plan order, as the {@code model-0000i-of-0000N} names
 * of a sharded checkpoint count them. {@link #json} describes the plan: each file's size, each
 * tensor's byte range in its file (for positional reads or writes), and the size and SHA-256 of
 * each text file, which every writer of the plan writes identically.
 *
 * @param weights the weight files, in order
 * @param texts the text files, written after every weight file, in order
 * @since 0.1
 */
public record CheckpointPlan(List<WeightFile> weights, List<TextFile> texts) {

    /**
     * One {@code .safetensors} file of the plan, as {@link SafetensorsWriter#of()} writes it.
     *
     * @param file its name in the directory
     * @param tensors its tensors, in data order
     */
    public record WeightFile(String file, List<TensorSource> tensors) {
        /**
         * Checks the name and copies the tensors.
         *
         * @param file its name in the directory
         * @param tensors its tensors, in data order
         */
        public WeightFile {
            checkFileName(file);
            tensors = List.copyOf(tensors);
        }

        /**
         * The elements of its tensors.
         *
         * @return the sum of their sizes
         */
        public long elements() {
            long n = 0;
            for (TensorSource t : tensors) {
                n += t.shape().size();
            }
            return n;
        }

        /**
         * The file's size: the 8-byte header length, the header and the data.
         *
         * @return the bytes
         */
        public long bytes() {
            return SafetensorsWriter.of().head(tensors).remaining() + dataBytes(tensors);
        }

        /**
         * Streams the file's bytes into a channel, for a destination that is not a local path;
         * the caller makes it appear atomically.
         *
         * @param channel the destination
         * @throws IOException if writing fails
         */
        public void write(WritableByteChannel channel) throws IOException {
            SafetensorsWriter.of().write(channel, tensors);
        }
    }

    /**
     * One UTF-8 text file of the plan.
     *
     * @param file its name in the directory
     * @param text its content
     */
    public record TextFile(String file, String text) {
        /**
         * Checks the name.
         *
         * @param file its name in the directory
         * @param text its content
         */
        public TextFile {
            checkFileName(file);
            if (text == null) {
                throw new IllegalArgumentException("text of " + file + " must not be null: null");
            }
        }

        /**
         * The file's bytes.
         *
         * @return the text in UTF-8
         */
        public byte[] bytes() {
            return text.getBytes(StandardCharsets.UTF_8);
        }
    }

    /**
     * Copies the lists and checks that there is a weight file and no name repeats.
     *
     * @param weights the weight files, in order
     * @param texts the text files, in order
     */
    public CheckpointPlan {
        weights = List.copyOf(weights);
        texts = List.copyOf(texts);
        if (weights.isEmpty()) {
            throw new IllegalArgumentException("a checkpoint needs at least one weight file: " + texts);
        }
        Set<String> names = new HashSet<>();
        for (WeightFile w : weights) {
            checkDistinct(names, w.file());
        }
        for (TextFile t : texts) {
            checkDistinct(names, t.file());
        }
    }

    /**
     * Checks, before anything is written, that the plan's files can be written into a directory:
     * it is a directory or does not exist yet (it is then created with its parents), and each
     * file in it can be written.
     *
     * @param dir the directory
     * @param option what messages call it ({@code --out})
     * @return the absolute directory
     * @throws IllegalArgumentException naming the option and the path if it is a file, or one of
     *     the plan's files cannot be written there
     */
    public Path checkDirectory(Path dir, String option) {
        Path absolute = dir.toAbsolutePath().normalize();
        if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
            throw new IllegalArgumentException(option + " must be a directory, and is a file: " + dir);
        }
        if (Files.isDirectory(absolute)) {
            for (WeightFile w : weights) {
                AtomicFile.checkDestination(absolute.resolve(w.file()), option);
            }
            for (TextFile t : texts) {
                AtomicFile.checkDestination(absolute.resolve(t.file()), option);
            }
        }
        return absolute;
    }

    /**
     * Writes every file of the plan into a directory; see {@link #write(Path, Collection)}.
     *
     * @param dir the directory, created with its parents where it does not exist
     * @throws IllegalArgumentException naming the directory as {@code dir} if a file cannot be
     *     written there
     * @throws IOException if a file cannot be written; the directory is then as it was
     */
    public void write(Path dir) throws IOException {
        SortedSet<Integer> all = new TreeSet<>();
        for (int i = 1; i <= weights.size(); i++) {
            all.add(i);
        }
        write(dir, all);
    }

    /**
     * Writes some weight files and every text file into a directory: the weight files in plan
     * order, then the text files, each atomically; a failure part way removes the files and
     * directories this write created ({@link DirectoryWrite}). Writers of disjoint weight files
     * may share the directory: each writes the same text files with the same bytes, and a text
     * file is replaced atomically.
     *
     * @param dir the directory, created with its parents where it does not exist
     * @param numbers the weight files to write, numbered from 1
     * @throws IllegalArgumentException naming the number if it is not a weight file's, or the
     *     directory as {@code dir} if a file cannot be written there
     * @throws IOException if a file cannot be written; the directory is then as it was
     */
    public void write(Path dir, Collection<Integer> numbers) throws IOException {
        SortedSet<Integer> chosen = new TreeSet<>();
        for (Integer n : numbers) {
            if (n == null || n < 1 || n > weights.size()) {
                throw new IllegalArgumentException("weight file number must be between 1 and " + weights.size() + ": "
                        + n);
            }
            chosen.add(n);
        }
        Path absolute = checkDirectory(dir, "dir");
        DirectoryWrite.all(absolute, files -> {
            for (int n : chosen) {
                WeightFile w = weights.get(n - 1);
                Path file = absolute.resolve(w.file());
                files.write(file, () -> SafetensorsWriter.of().write(file, w.tensors()));
            }
            for (TextFile t : texts) {
                Path file = absolute.resolve(t.file());
                files.write(file, () -> AtomicFile.writeBytes(file, t.bytes()));
            }
        });
    }

    /**
     * The plan as JSON: {@code weight_files}, each with its {@code number}, {@code file},
     * {@code bytes}, {@code header_bytes} and {@code tensors} ({@code name}, {@code dtype} as
     * safetensors names it, {@code shape}, {@code data_offsets} as the header gives them, after
     * the header, and {@code file_offsets}, from the file's first byte); {@code text_files}, each
     * with its {@code file}, {@code bytes} and {@code sha256}; and the totals
     * {@code total_parameters}, {@code total_size} (tensor data, as a shard index counts it) and
     * {@code total_bytes} (every file). Two-space indents and {@code \n} line ends on every
     * platform, so that the same plan prints the same bytes.
     *
     * @return the text, ending with a newline
     */
    public String json() {
        StringWriter out = new StringWriter();
        // Numbers of an array on one line ("shape": [ 64, 64 ]), each object field on its own.
        DefaultPrettyPrinter pretty = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(new DefaultIndenter("  ", "\n"));
        long totalParameters = 0;
        long totalSize = 0;
        long totalBytes = 0;
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out).setPrettyPrinter(pretty)) {
            g.writeStartObject();
            g.writeArrayFieldStart("weight_files");
            for (int i = 0; i < weights.size(); i++) {
                WeightFile w = weights.get(i);
                SafetensorsWriter writer = SafetensorsWriter.of();
                long headerBytes = writer.head(w.tensors()).remaining();
                long bytes = headerBytes + dataBytes(w.tensors());
                g.writeStartObject();
                g.writeNumberField("number", i + 1);
                g.writeStringField("file", w.file());
                g.writeNumberField("bytes", bytes);
                g.writeNumberField("header_bytes", headerBytes);
                g.writeArrayFieldStart("tensors");
                for (SafetensorsHeader.Entry e : writer.header(w.tensors()).tensors()) {
                    g.writeStartObject();
                    g.writeStringField("name", e.name());
                    g.writeStringField("dtype", e.dtype().safetensorsName());
                    g.writeArrayFieldStart("shape");
                    for (long d : e.shape().toArray()) {
                        g.writeNumber(d);
                    }
                    g.writeEndArray();
                    g.writeArrayFieldStart("data_offsets");
                    g.writeNumber(e.begin());
                    g.writeNumber(e.end());
                    g.writeEndArray();
                    g.writeArrayFieldStart("file_offsets");
                    g.writeNumber(headerBytes + e.begin());
                    g.writeNumber(headerBytes + e.end());
                    g.writeEndArray();
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
                totalParameters += w.elements();
                totalSize += dataBytes(w.tensors());
                totalBytes += bytes;
            }
            g.writeEndArray();
            g.writeArrayFieldStart("text_files");
            for (TextFile t : texts) {
                byte[] bytes = t.bytes();
                g.writeStartObject();
                g.writeStringField("file", t.file());
                g.writeNumberField("bytes", bytes.length);
                g.writeStringField("sha256", sha256(bytes));
                g.writeEndObject();
                totalBytes += bytes.length;
            }
            g.writeEndArray();
            g.writeNumberField("total_parameters", totalParameters);
            g.writeNumberField("total_size", totalSize);
            g.writeNumberField("total_bytes", totalBytes);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out + "\n";
    }

    private static long dataBytes(List<TensorSource> tensors) {
        long n = 0;
        for (TensorSource t : tensors) {
            n = Math.addExact(n, Math.multiplyExact(t.shape().size(), (long) t.dtype().byteSize()));
        }
        return n;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform provides SHA-256 (MessageDigest's specification).
            throw new IllegalStateException(e);
        }
    }

    /** A plain file name: the plan's files lie in one directory. */
    private static void checkFileName(String file) {
        if (file == null || file.isEmpty() || file.equals(".") || file.equals("..") || file.indexOf('/') >= 0
                || file.indexOf('\\') >= 0 || file.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a checkpoint file must have a plain file name: "
                    + (file == null ? "null" : TensorFiles.printable(file)));
        }
    }

    private static void checkDistinct(Set<String> names, String file) {
        if (!names.add(file)) {
            throw new IllegalArgumentException("a checkpoint file name appears twice: " + TensorFiles.printable(file));
        }
    }
}
