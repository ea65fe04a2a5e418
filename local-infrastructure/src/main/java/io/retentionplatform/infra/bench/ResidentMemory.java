package io.retentionplatform.infra.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The resident memory of another process (the scoring-service under test), sampled from {@code /proc/<pid>/status}
 * every 200 ms while a phase runs: {@code VmRSS} now, and at the end {@code VmHWM}, the kernel's own peak since the
 * process started, so that a peak between two samples (or during start-up) is not missed. Linux only.
 */
final class ResidentMemory implements AutoCloseable {

    private final Path status;
    private final AtomicLong maxSampledKib = new AtomicLong();
    private final AtomicLong samples = new AtomicLong();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "rss-sampler");
        thread.setDaemon(true);
        return thread;
    });
    private long peakKib;

    private ResidentMemory(long pid) {
        this.status = Path.of("/proc", Long.toString(pid), "status");
    }

    /** Starts sampling {@code pid}. */
    static ResidentMemory sample(long pid) {
        ResidentMemory memory = new ResidentMemory(pid);
        memory.sampler.scheduleAtFixedRate(memory::sampleOnce, 0, 200, TimeUnit.MILLISECONDS);
        return memory;
    }

    private void sampleOnce() {
        read("VmRSS:").ifPresent(kib -> {
            maxSampledKib.accumulateAndGet(kib, Math::max);
            samples.incrementAndGet();
        });
    }

    /** The highest resident set seen, in KiB: the largest sample or the kernel's high-water mark, whichever is higher. */
    long maxKib() {
        return Math.max(maxSampledKib.get(), peakKib);
    }

    long samples() {
        return samples.get();
    }

    @Override
    public void close() {
        sampler.shutdownNow();
        sampleOnce();
        peakKib = read("VmHWM:").orElse(0);
    }

    /** A {@code kB} line of the status file; empty once the process is gone. */
    private OptionalLong read(String field) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith(field)) {
                    return OptionalLong.of(Long.parseLong(line.substring(field.length()).replace("kB", "").trim()));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the process has exited, or the line is not what Linux writes: no sample
        }
        return OptionalLong.empty();
    }
}
