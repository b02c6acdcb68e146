package dev.klpscope.ui.model;

import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs work away from the UI thread and hands the result back on it. The window uses a
 * {@code javafx.concurrent.Task} on one worker thread; view-model tests run the work inline.
 */
public interface Jobs {

    <T> void submit(String title, Function<Progress, T> work, Consumer<T> onDone, Consumer<Throwable> onFailed);

    /** Runs everything on the calling thread: for tests without a stage. */
    Jobs INLINE = new Jobs() {
        @Override
        public <T> void submit(String title, Function<Progress, T> work, Consumer<T> onDone, Consumer<Throwable> onFailed) {
            T result;
            try {
                result = work.apply(Progress.NONE);
            } catch (RuntimeException e) {
                onFailed.accept(e);
                return;
            }
            onDone.accept(result);
        }
    };
}
