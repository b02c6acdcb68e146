package dev.klpscope.ui.view;

import dev.klpscope.check.Severity;
import dev.klpscope.ui.action.Labelled;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The Check menu clicked with the robot: Fail On… set to crash changes the gate the summary bar shows. The seed
 * scenario's target b is refused by foo v1, so the default --fail-on silent fails and crash passes.
 */
@ExtendWith(ApplicationExtension.class)
class CheckMenuWindowTest extends WindowFixture {

    @Start
    void start(Stage stage) {
        startOnSeed(stage);
    }

    @BeforeEach
    void loaded() {
        seedLoaded();
    }

    private String gateShown() {
        return onFx(() -> ((Label) lookup("#gateLabel").query()).getText());
    }

    @Test
    void failOnFromTheMenuChangesTheGateShown() {
        assertEquals("gate: fails at silent (exit 1)", gateShown());
        dialogs.willChoose(new Labelled<>("crash", Severity.CRASH));
        clickOn("Check").clickOn("Fail On…");
        settle();
        assertEquals(Severity.CRASH, vm.failOnProperty().get());
        assertEquals("gate: passes at crash (exit 0)", gateShown());
    }
}
