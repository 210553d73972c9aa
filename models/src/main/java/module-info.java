/**
 * Model recipes: a framework's model definition turned into the {@code ModelSpec} of the
 * parameters that framework creates (names, shapes, dtypes, initializers), which the spec
 * pipeline of {@code io.jinit.formats} writes.
 *
 * @since 0.1
 */
module io.jinit.models {
    requires transitive io.jinit.formats;

    exports io.jinit.models.hf;
    exports io.jinit.models.keras;
}
