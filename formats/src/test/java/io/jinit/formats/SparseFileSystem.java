package io.jinit.formats;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardOpenOption;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.spi.FileSystemProvider;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The default file system, seen through paths whose writable file channels leave every write of
 * only zero bytes as a hole instead of writing it: a writer that streams gigabytes of mostly zero
 * data to such a path makes a real, complete file of the right length that takes only the disk
 * its non-zero writes need. Everything else (directories, moves, attributes, reads, direct I/O)
 * goes to the default file system unchanged, and the file is read back through its ordinary path.
 *
 * <p>The writer under test runs its own code to the last byte: it cannot tell these channels
 * from the default ones except by the disk they use.
 */
final class SparseFileSystem extends FileSystem {
    private static final FileSystem DEFAULT = FileSystems.getDefault();
    private static final SparseFileSystem INSTANCE = new SparseFileSystem();

    private final Provider provider = new Provider();

    private SparseFileSystem() {
    }

    /** The same file, through a path of this file system. */
    static Path of(Path path) {
        if (path.getFileSystem() != DEFAULT) {
            throw new IllegalArgumentException("path must be on the default file system: " + path);
        }
        return new SparsePath(path);
    }

    private static Path wrap(Path p) {
        return p == null ? null : new SparsePath(p);
    }

    private static Path unwrap(Path p) {
        if (p instanceof SparsePath s) {
            return s.delegate;
        }
        if (p == null || p.getFileSystem() == DEFAULT) {
            return p;
        }
        throw new java.nio.file.ProviderMismatchException("not a sparse path: " + p);
    }

    @Override
    public FileSystemProvider provider() {
        return provider;
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException("the sparse view of the default file system stays open");
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public boolean isReadOnly() {
        return false;
    }

    @Override
    public String getSeparator() {
        return DEFAULT.getSeparator();
    }

    @Override
    public Iterable<Path> getRootDirectories() {
        List<Path> roots = new ArrayList<>();
        DEFAULT.getRootDirectories().forEach(r -> roots.add(wrap(r)));
        return roots;
    }

    @Override
    public Iterable<FileStore> getFileStores() {
        return DEFAULT.getFileStores();
    }

    @Override
    public Set<String> supportedFileAttributeViews() {
        return DEFAULT.supportedFileAttributeViews();
    }

    @Override
    public Path getPath(String first, String... more) {
        return wrap(DEFAULT.getPath(first, more));
    }

    @Override
    public PathMatcher getPathMatcher(String syntaxAndPattern) {
        PathMatcher m = DEFAULT.getPathMatcher(syntaxAndPattern);
        return p -> m.matches(unwrap(p));
    }

    @Override
    public UserPrincipalLookupService getUserPrincipalLookupService() {
        return DEFAULT.getUserPrincipalLookupService();
    }

    @Override
    public WatchService newWatchService() {
        throw new UnsupportedOperationException("no watch service");
    }

    /** A default path, on the sparse file system. */
    private static final class SparsePath implements Path {
        final Path delegate;

        SparsePath(Path delegate) {
            this.delegate = Objects.requireNonNull(delegate);
        }

        @Override
        public FileSystem getFileSystem() {
            return INSTANCE;
        }

        @Override
        public boolean isAbsolute() {
            return delegate.isAbsolute();
        }

        @Override
        public Path getRoot() {
            return wrap(delegate.getRoot());
        }

        @Override
        public Path getFileName() {
            return wrap(delegate.getFileName());
        }

        @Override
        public Path getParent() {
            return wrap(delegate.getParent());
        }

        @Override
        public int getNameCount() {
            return delegate.getNameCount();
        }

        @Override
        public Path getName(int index) {
            return wrap(delegate.getName(index));
        }

        @Override
        public Path subpath(int beginIndex, int endIndex) {
            return wrap(delegate.subpath(beginIndex, endIndex));
        }

        @Override
        public boolean startsWith(Path other) {
            return other instanceof SparsePath s && delegate.startsWith(s.delegate);
        }

        @Override
        public boolean endsWith(Path other) {
            return other instanceof SparsePath s && delegate.endsWith(s.delegate);
        }

        @Override
        public Path normalize() {
            return wrap(delegate.normalize());
        }

        @Override
        public Path resolve(Path other) {
            return wrap(delegate.resolve(unwrap(other)));
        }

        @Override
        public Path relativize(Path other) {
            return wrap(delegate.relativize(unwrap(other)));
        }

        @Override
        public URI toUri() {
            return delegate.toUri();
        }

        @Override
        public Path toAbsolutePath() {
            return wrap(delegate.toAbsolutePath());
        }

        @Override
        public Path toRealPath(LinkOption... options) throws IOException {
            return wrap(delegate.toRealPath(options));
        }

        @Override
        public File toFile() {
            return delegate.toFile();
        }

        @Override
        public WatchKey register(WatchService watcher, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers) {
            throw new UnsupportedOperationException("no watch service");
        }

        @Override
        public Iterator<Path> iterator() {
            List<Path> names = new ArrayList<>();
            delegate.forEach(n -> names.add(wrap(n)));
            return names.iterator();
        }

        @Override
        public int compareTo(Path other) {
            return delegate.compareTo(unwrap(other));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SparsePath s && delegate.equals(s.delegate);
        }

        @Override
        public int hashCode() {
            return delegate.hashCode();
        }

        @Override
        public String toString() {
            return delegate.toString();
        }
    }

    /** Delegates to the default provider; writable channels leave zero writes as holes. */
    private static final class Provider extends FileSystemProvider {
        private static final FileSystemProvider D = DEFAULT.provider();

        @Override
        public String getScheme() {
            return "sparse-test";
        }

        @Override
        public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
            throw new UnsupportedOperationException("one instance");
        }

        @Override
        public FileSystem getFileSystem(URI uri) {
            return INSTANCE;
        }

        @Override
        public Path getPath(URI uri) {
            return wrap(D.getPath(uri));
        }

        @Override
        public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options,
                FileAttribute<?>... attrs) throws IOException {
            return newFileChannel(path, options, attrs);
        }

        @Override
        public FileChannel newFileChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
                throws IOException {
            FileChannel channel = D.newFileChannel(unwrap(path), options, attrs);
            return options.contains(StandardOpenOption.WRITE) && !options.contains(StandardOpenOption.APPEND)
                    ? new HoleChannel(channel, unwrap(path)) : channel;
        }

        @Override
        public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
                throws IOException {
            DirectoryStream<Path> s = D.newDirectoryStream(unwrap(dir), p -> filter.accept(wrap(p)));
            return new DirectoryStream<>() {
                @Override
                public Iterator<Path> iterator() {
                    Iterator<Path> it = s.iterator();
                    return new Iterator<>() {
                        @Override
                        public boolean hasNext() {
                            return it.hasNext();
                        }

                        @Override
                        public Path next() {
                            return wrap(it.next());
                        }
                    };
                }

                @Override
                public void close() throws IOException {
                    s.close();
                }
            };
        }

        @Override
        public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
            D.createDirectory(unwrap(dir), attrs);
        }

        @Override
        public void delete(Path path) throws IOException {
            D.delete(unwrap(path));
        }

        @Override
        public void copy(Path source, Path target, CopyOption... options) throws IOException {
            D.copy(unwrap(source), unwrap(target), options);
        }

        @Override
        public void move(Path source, Path target, CopyOption... options) throws IOException {
            D.move(unwrap(source), unwrap(target), options);
        }

        @Override
        public boolean isSameFile(Path path, Path path2) throws IOException {
            return D.isSameFile(unwrap(path), unwrap(path2));
        }

        @Override
        public boolean isHidden(Path path) throws IOException {
            return D.isHidden(unwrap(path));
        }

        @Override
        public FileStore getFileStore(Path path) throws IOException {
            return D.getFileStore(unwrap(path));
        }

        @Override
        public void checkAccess(Path path, AccessMode... modes) throws IOException {
            D.checkAccess(unwrap(path), modes);
        }

        @Override
        public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
            return D.getFileAttributeView(unwrap(path), type, options);
        }

        @Override
        public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
                throws IOException {
            return D.readAttributes(unwrap(path), type, options);
        }

        @Override
        public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options)
                throws IOException {
            return D.readAttributes(unwrap(path), attributes, options);
        }

        @Override
        public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
            D.setAttribute(unwrap(path), attribute, value, options);
        }
    }

    /**
     * A file channel that skips writes of only zero bytes, leaving holes, and gives the file its
     * full length when it closes. Every write goes to the file at an explicit position, so the
     * alignment of direct I/O is kept.
     */
    private static final class HoleChannel extends FileChannel {
        private final FileChannel file;
        private final Path path;
        private long position;
        private long end;

        HoleChannel(FileChannel file, Path path) throws IOException {
            this.file = file;
            this.path = path;
            this.position = file.position();
            this.end = file.size();
        }

        private static boolean zeros(ByteBuffer b) {
            for (int i = b.position(); i < b.limit(); i++) {
                if (b.get(i) != 0) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int write(ByteBuffer src, long at) throws IOException {
            int n = src.remaining();
            if (zeros(src)) {
                src.position(src.limit());
            } else {
                while (src.hasRemaining()) {
                    file.write(src, at + n - src.remaining());
                }
            }
            end = Math.max(end, at + n);
            return n;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            int n = write(src, position);
            position += n;
            return n;
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            long n = 0;
            for (int i = offset; i < offset + length; i++) {
                n += write(srcs[i]);
            }
            return n;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            int n = file.read(dst, position);
            if (n > 0) {
                position += n;
            }
            return n;
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            long n = 0;
            for (int i = offset; i < offset + length; i++) {
                int got = read(dsts[i]);
                if (got < 0) {
                    return n == 0 ? -1 : n;
                }
                n += got;
            }
            return n;
        }

        @Override
        public int read(ByteBuffer dst, long at) throws IOException {
            return file.read(dst, at);
        }

        @Override
        public long position() {
            return position;
        }

        @Override
        public FileChannel position(long newPosition) {
            position = newPosition;
            return this;
        }

        @Override
        public long size() {
            return end;
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            if (size < end) {
                end = size;
                if (file.size() > size) {
                    file.truncate(size);
                }
            }
            position = Math.min(position, size);
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            file.force(metaData);
        }

        @Override
        public long transferTo(long at, long count, WritableByteChannel target) {
            throw new UnsupportedOperationException("transferTo");
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long at, long count) {
            throw new UnsupportedOperationException("transferFrom");
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long at, long size) {
            throw new UnsupportedOperationException("map");
        }

        @Override
        public FileLock lock(long at, long size, boolean shared) throws IOException {
            return file.lock(at, size, shared);
        }

        @Override
        public FileLock tryLock(long at, long size, boolean shared) throws IOException {
            return file.tryLock(at, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            file.close();
            if (java.nio.file.Files.size(path) < end) {
                // A hole up to the end: the skipped zeros at the end of the file.
                try (RandomAccessFile f = new RandomAccessFile(path.toFile(), "rw")) {
                    f.setLength(end);
                }
            }
        }
    }
}
