package io.jinit.spark;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.StreamCapabilities;
import org.apache.hadoop.fs.Syncable;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.spark.SparkConf;

/**
 * The local disk under the scheme {@value #SCHEME}, with two behaviours of the file systems a
 * cluster writes to: a rename does not replace an existing file (HDFS returns false), and a write
 * can fail in the middle (a full disk, a lost datanode). The first temporary file
 * ({@link HadoopFiles#isTemporaryName}) created in a directory whose name contains the marker set
 * as {@value #MARKER} fails after {@value #FAIL_AFTER_BYTES} bytes; the next one, a retry,
 * succeeds. No code under test knows of it: a Spark job reaches it through
 * {@code spark.hadoop.fs.failonce.impl}.
 *
 * <p>What has failed is recorded for the whole JVM, not per instance: in local mode the
 * executors are threads of the test JVM, and each may hold its own instance.
 */
public class FailOnceFileSystem extends RawLocalFileSystem {
    /** The URI scheme. */
    static final String SCHEME = "failonce";
    /** The property naming the marker; without it nothing fails. */
    static final String MARKER = "fs.failonce.marker";
    /** The property giving how many bytes a failing file takes before it fails. */
    static final String FAIL_AFTER_BYTES = "fs.failonce.fail-after-bytes";

    /** Directory and marker of every failure injected so far. */
    private static final Set<String> FAILED = ConcurrentHashMap.newKeySet();

    private String marker = "";
    private long failAfterBytes;

    /** Creates the file system; Hadoop does so by reflection, then calls {@link #initialize}. */
    public FailOnceFileSystem() {
    }

    /**
     * Whether a failure was injected into a file of a directory.
     *
     * @param directory the directory's local path
     * @param marker the marker the failing name contained
     * @return true once the failure happened
     */
    static boolean failed(java.nio.file.Path directory, String marker) {
        return FAILED.contains(key(directory.toUri().getPath(), marker));
    }

    /**
     * A local Spark of two threads whose tasks may fail 4 times (local mode retries nothing
     * otherwise), without UI, bound to the loopback address, with this file system registered
     * and failing the first write of a file whose name contains the marker.
     *
     * @param application the application's name
     * @param marker the part of the failing file's name
     * @param failAfterBytes the bytes it takes before it fails
     * @return the configuration
     */
    static SparkConf localSpark(String application, String marker, long failAfterBytes) {
        return new SparkConf()
                .setMaster("local[2,4]")
                .setAppName(application)
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.hadoop.fs." + SCHEME + ".impl", FailOnceFileSystem.class.getName())
                .set("spark.hadoop." + MARKER, marker)
                .set("spark.hadoop." + FAIL_AFTER_BYTES, Long.toString(failAfterBytes))
                // Hadoop caches a file system per scheme for the whole JVM: without this, the
                // instance another test class configured (another marker) would be reused.
                .set("spark.hadoop.fs." + SCHEME + ".impl.disable.cache", "true");
    }

    @Override
    public void initialize(URI uri, Configuration conf) throws IOException {
        super.initialize(uri, conf);
        marker = conf.get(MARKER, "");
        failAfterBytes = conf.getLong(FAIL_AFTER_BYTES, 0);
    }

    @Override
    public URI getUri() {
        return URI.create(SCHEME + ":///");
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public boolean rename(Path source, Path destination) throws IOException {
        if (exists(destination)) {
            return false;
        }
        return super.rename(source, destination);
    }

    @Override
    protected OutputStream createOutputStreamWithMode(Path file, boolean append, FsPermission permission)
            throws IOException {
        OutputStream out = super.createOutputStreamWithMode(file, append, permission);
        String name = file.getName();
        if (marker.isEmpty() || !HadoopFiles.isTemporaryName(name) || !name.contains(marker)
                || !FAILED.add(key(file.getParent().toUri().getPath(), marker))) {
            return out;
        }
        return new FailingStream(out, failAfterBytes, file);
    }

    private static String key(String directory, String marker) {
        String slashed = directory.endsWith("/") ? directory : directory + "/";
        return slashed + " " + marker;
    }

    /** Passes bytes on until a limit, then fails every write; syncs as the stream it wraps. */
    private static final class FailingStream extends FilterOutputStream implements Syncable, StreamCapabilities {
        private final long limit;
        private final Path file;
        private long written;

        FailingStream(OutputStream out, long limit, Path file) {
            super(out);
            this.limit = limit;
            this.file = file;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            int passed = (int) Math.max(0, Math.min(length, limit - written));
            out.write(bytes, offset, passed);
            written += passed;
            if (passed < length) {
                throw new IOException("injected failure after " + limit + " bytes of " + file);
            }
        }

        @Override
        public void hflush() throws IOException {
            ((Syncable) out).hflush();
        }

        @Override
        public void hsync() throws IOException {
            ((Syncable) out).hsync();
        }

        @Override
        public boolean hasCapability(String capability) {
            return ((StreamCapabilities) out).hasCapability(capability);
        }
    }
}
