package io.jinit.formats;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of jinit that wrote a file, from the build (Maven resource filtering). */
final class JinitVersion {
    /** The version, such as {@code 0.1.0}. */
    static final String VERSION = load();

    private JinitVersion() {
    }

    private static String load() {
        try (InputStream in = JinitVersion.class.getResourceAsStream("jinit.properties")) {
            if (in == null) {
                throw new IllegalStateException("resource io/jinit/formats/jinit.properties is missing from the build");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
