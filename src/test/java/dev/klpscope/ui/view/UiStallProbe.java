package dev.klpscope.ui.view;

import javafx.application.Platform;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How long the UI thread keeps work waiting while something loads: a ping is posted every 50 ms and the longest
 * wait of a ping is the longest stall. {@code onFxThread} runs with each ping (to sample what the window shows).
 */
final class UiStallProbe implements AutoCloseable {

    private final AtomicLong longestWaitMs = new AtomicLong();
    private final AtomicLong pings = new AtomicLong();
    private final ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor();

    private UiStallProbe(Runnable onFxThread) {
        pinger.scheduleAtFixedRate(() -> {
            long posted = System.nanoTime();
            Platform.runLater(() -> {
                longestWaitMs.accumulateAndGet((System.nanoTime() - posted) / 1_000_000, Math::max);
                pings.incrementAndGet();
                onFxThread.run();
            });
        }, 0, 50, TimeUnit.MILLISECONDS);
    }

    static UiStallProbe start() {
        return new UiStallProbe(() -> { });
    }

    static UiStallProbe start(Runnable onFxThread) {
        return new UiStallProbe(onFxThread);
    }

    long longestWaitMs() {
        return longestWaitMs.get();
    }

    long pings() {
        return pings.get();
    }

    @Override
    public void close() {
        pinger.shutdownNow();
    }
}
