/**
 * JMH benchmarks of jinit's fills and orthogonal initializer. Nothing depends on this module.
 *
 * @since 0.1
 */
module io.jinit.bench {
    requires io.jinit.core;
    // jmh-core declares no module name; its automatic name comes from the jar's file name.
    requires jmh.core;
    // The CPU-time and load-average noise check of FillBenchmark.
    requires java.management;
    requires jdk.management;

    // JMH's generated harness instantiates the benchmark classes by reflection.
    opens io.jinit.bench;
}
