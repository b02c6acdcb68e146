package dev.klpscope.ui.view;

import dev.klpscope.ui.model.Jobs;
import dev.klpscope.ui.model.Progress;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.concurrent.Task;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@link Jobs} for the window: each job is a {@link Task} on one daemon worker thread, so edits apply in order and
 * the UI thread never reads a file. The status bar binds to {@link #messageProperty()} and {@link #progressProperty()}.
 */
public final class FxJobs implements Jobs {

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "klpscope-worker");
        t.setDaemon(true);
        return t;
    });
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicReference<Task<?>> current = new AtomicReference<>();

    @Override
    public <T> void submit(String title, Function<Progress, T> work, Consumer<T> onDone, Consumer<Throwable> onFailed) {
        Task<T> task = new Task<>() {
            @Override
            protected T call() {
                updateMessage(title + "…");
                updateProgress(-1, 1);
                return work.apply((text, fraction) -> {
                    updateMessage(text);
                    updateProgress(fraction < 0 ? -1 : fraction, 1);
                });
            }
        };
        task.setOnRunning(e -> {
            current.set(task);
            message.bind(task.messageProperty());
            progress.bind(task.progressProperty());
        });
        task.setOnSucceeded(e -> finish(() -> onDone.accept(task.getValue())));
        task.setOnFailed(e -> finish(() -> onFailed.accept(task.getException())));
        task.setOnCancelled(e -> finish(() -> onFailed.accept(new CancellationException(title + " cancelled"))));
        pending.incrementAndGet();
        running.set(true);
        worker.submit(task);
    }

    /**
     * Cancels the running job by interrupting its thread: loading stops between files, between kernel packages and
     * within the package being read; the job's edit is not applied. Jobs queued behind it still run.
     */
    public void cancel() {
        Task<?> task = current.getAndSet(null);
        if (task != null) {
            task.cancel(true);
        }
    }

    private void finish(Runnable then) {
        current.set(null);
        message.unbind();
        progress.unbind();
        message.set("");
        progress.set(0);
        // Flip "running" only after the result is applied, so whoever waits on it sees the new state.
        then.run();
        running.set(pending.decrementAndGet() > 0);
    }

    public ReadOnlyStringProperty messageProperty() { return message.getReadOnlyProperty(); }
    public ReadOnlyDoubleProperty progressProperty() { return progress.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty runningProperty() { return running.getReadOnlyProperty(); }
}
