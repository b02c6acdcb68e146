package dev.klpscope.ui.action;

import javafx.scene.input.KeyCombination;

import java.util.Optional;

/**
 * Every action of the window, declared once: its menu text (with a mnemonic), its shortcut and, for the few on
 * the tool bar, the button's label (arrows stand for the icons). What it does is the {@link Command} registered for it in {@link ActionRegistry}.
 */
public enum StandardAction {

    OPEN_PATCH("openPatch", "_Open Patch…", "Shortcut+O", "Open Patch…"),
    ADD_CANDIDATES("addCandidates", "_Add Candidates…", "Shortcut+Shift+O", "Add Candidates…"),
    // check --kernels: packages or a folder of them (or an installed tree, a build folder) searched for the patch's objects.
    ADD_KERNEL_PACKAGES("addKernelPackages", "Add _Kernel Packages…", null, ""),
    ADD_KERNEL_FOLDER("addKernelFolder", "Add Kernel _Folder…", null, ""),
    EXPORT_REVIEW_IMAGE("exportReview", "Review Image (PNG)…", null, ""),
    EXPORT_VIEW("exportView", "Current View (PNG)…", null, ""),
    EXPORT_MARKDOWN("exportMarkdown", "Markdown Report…", null, ""),
    EXPORT_HTML("exportHtml", "HTML Report…", null, ""),
    EXPORT_JSON("exportJson", "JSON Report…", null, ""),
    QUIT("quit", "_Quit", "Shortcut+Q", ""),
    COPY_ROW("copyRow", "_Copy Row", "Shortcut+C", ""),
    COPY_REVIEW_IMAGE("copyReview", "Copy Review _Image", "Shortcut+Shift+C", ""),
    COPY_VIEW("copyView", "Copy Current _View", null, ""),
    FIND("find", "_Find", "Shortcut+F", ""),
    // The candidate selected in the inputs table. Alt+arrows: plain arrows move in the tree and the text fields.
    MOVE_CANDIDATE_LEFT("moveCandidateLeft", "Move Candidate _Left", "Alt+Left", "Move left"),
    MOVE_CANDIDATE_RIGHT("moveCandidateRight", "Move Candidate _Right", "Alt+Right", "Move right"),
    MAKE_BASELINE("makeBaseline", "Make _Baseline", null, "Make baseline"),
    REMOVE_CANDIDATE("removeCandidate", "Re_move Candidate", null, "Remove"),
    NEXT_FINDING("nextFinding", "_Next Finding", "F3", "Next ▶"),
    PREVIOUS_FINDING("previousFinding", "_Previous Finding", "Shift+F3", "◀ Previous"),
    EXPAND_ALL("expandAll", "_Expand All", "Shortcut+E", ""),
    COLLAPSE_ALL("collapseAll", "C_ollapse All", "Shortcut+Shift+E", ""),
    // "Esc" is KeyCode.ESCAPE's name: "Escape" parses as a key *character* combination that no key press matches.
    SHOW_ALL_TARGETS("showAllTargets", "Show _All Targets", "Esc", ""),
    // Check: one item per option of `check` (docs/cli.md says which is where).
    CHOOSE_LOADER("chooseLoader", "_Loader…", null, ""),
    REQUIRE_ALL_OBJECTS("requireAllObjects", "_Require All Objects", null, ""),
    SIG_ENFORCE("sigEnforce", "Enforce Module _Signatures", null, ""),
    LOCKDOWN("lockdown", "Kernel Loc_kdown", null, ""),
    CHOOSE_FAIL_ON("chooseFailOn", "_Fail On…", null, ""),
    EDIT_IGNORE_RULES("editIgnoreRules", "_Ignore Rules…", null, ""),
    CHOOSE_ACCEPT_FILE("chooseAcceptFile", "_Accept File…", null, ""),
    CLEAR_ACCEPT_FILE("clearAcceptFile", "Clear Accept File", null, ""),
    CHOOSE_BTF_BASE("chooseBtfBase", "_BTF Base…", null, ""),
    CLEAR_BTF_BASE("clearBtfBase", "Clear BTF Base", null, ""),
    NO_CACHE("noCache", "Don't _Cache Package Members", null, ""),
    TOGGLE_THEME("toggleTheme", "_Dark Theme", "Shortcut+Shift+D", ""),
    ABOUT("about", "_About", null, "");

    private final String id;
    private final String text;
    private final KeyCombination accelerator;
    private final String buttonText;

    StandardAction(String id, String text, String accelerator, String buttonText) {
        this.id = id;
        this.text = text;
        this.accelerator = accelerator == null ? null : KeyCombination.keyCombination(accelerator);
        this.buttonText = buttonText;
    }

    /** The stem of the node ids: {@code <id>Item} in menus, {@code <id>Button} in tool bars. */
    public String id() {
        return id;
    }

    /** The menu text, {@code _} before the mnemonic. */
    public String text() {
        return text;
    }

    /** The text without mnemonic marker or trailing ellipsis, for buttons and tooltips. */
    public String plainText() {
        return text.replace("_", "").replace("…", "");
    }

    public Optional<KeyCombination> accelerator() {
        return Optional.ofNullable(accelerator);
    }

    /** The tool bar button's label; empty for actions that are only in menus. */
    public String buttonText() {
        return buttonText.isEmpty() ? plainText() : buttonText;
    }
}
