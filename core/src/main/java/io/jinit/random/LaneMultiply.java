package io.jinit.random;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Which Philox kernel is fast on this JVM: {@link PhiloxLongLanes} where the JIT multiplies
 * 64-bit vector lanes in one instruction, {@link PhiloxIntLanes} elsewhere. Both give the same
 * words, so the choice changes speed only.
 *
 * <p>HotSpot's C2 has a one-instruction 64-bit lane multiply on x86 with AVX-512
 * ({@code UseAVX} 3: {@code vpmullq}) and on AArch64 with SVE ({@code UseSVE} 1 or 2); it emulates
 * the multiply with several 32-bit ones under AVX2 and leaves the loop scalar on 128-bit NEON.
 * The flags are read from the running JVM, so {@code -XX:UseAVX=2} selects the 32-bit lanes as on
 * an AVX2-only CPU. Where the flags cannot be read (no {@code jdk.management} module, another
 * JVM) the 32-bit lanes are used: they vectorise on every vector unit.
 *
 * <p>The system property {@code jinit.philox.lanes} ({@code int} or {@code long}) overrides the
 * choice, to compare both kernels on one machine.
 */
final class LaneMultiply {
    /** Whether {@link PhiloxLongLanes} is the faster kernel here. */
    static final boolean LONG_LANES = longLanes();

    private LaneMultiply() {
    }

    private static boolean longLanes() {
        String forced = System.getProperty("jinit.philox.lanes", "");
        if (forced.equals("int") || forced.equals("long")) {
            return forced.equals("long");
        }
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
            if (arch.equals("amd64") || arch.equals("x86_64")) {
                return Integer.parseInt(vm.getVMOption("UseAVX").getValue()) >= 3;
            }
            if (arch.equals("aarch64")) {
                return Integer.parseInt(vm.getVMOption("UseSVE").getValue()) >= 1;
            }
            return false;
        } catch (RuntimeException | LinkageError e) {
            // no HotSpot flags to read (IllegalArgumentException for an unknown flag, a missing
            // module): the kernel that vectorises everywhere
            return false;
        }
    }
}
