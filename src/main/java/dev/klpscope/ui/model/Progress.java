package dev.klpscope.ui.model;

/**
 * Where background work reports how far it got; the window shows it in the status bar. The loading service's
 * progress ({@link dev.klpscope.load.Progress}), so that a job hands its own to the service.
 */
@FunctionalInterface
public interface Progress extends dev.klpscope.load.Progress {

    Progress NONE = (message, fraction) -> { };
}
