package dev.pigeonhole.server;

import java.lang.management.ManagementFactory;

/** How much CPU the host leaves idle: the second half of {@link LoopDemand}'s question. */
interface HostCpu {
    /**
     * Idle CPU in cores, on average since the previous call (or since the first one), or NaN when the
     * operating system does not say. Called from one thread.
     */
    double idleCores();

    /**
     * This host, as the JDK sees it: {@code OperatingSystemMXBean.getCpuLoad()} (the whole host's CPU, from
     * {@code /proc/stat}, or the container's share where the JVM runs under a CPU limit) times the processors
     * this JVM may run on. The JDK's code rather than a parser of {@code /proc/stat}: it already knows the
     * container cases. Looked up at the first call, on the sampling thread, so that a server's start does not
     * load the management classes.
     */
    static HostCpu ofThisHost() {
        return new HostCpu() {
            private com.sun.management.OperatingSystemMXBean os;
            private boolean unknown;

            @Override
            public double idleCores() {
                if (os == null && !unknown) {
                    if (ManagementFactory.getOperatingSystemMXBean()
                            instanceof com.sun.management.OperatingSystemMXBean b) {
                        os = b;
                    } else {
                        unknown = true;
                    }
                }
                double load = unknown ? -1 : os.getCpuLoad();
                if (load < 0 || Double.isNaN(load)) {
                    return Double.NaN;
                }
                // Read each time: a CPU affinity can change while the server runs.
                return (1 - Math.min(1, load)) * Runtime.getRuntime().availableProcessors();
            }
        };
    }
}
