package dev.klpscope.ui.view;

import dev.klpscope.ui.model.MainViewModel;
import javafx.scene.control.TextField;

/** The search field, bound to the view-model's search text; made before the actions, since Find focuses it. */
final class SearchField {

    static final String ID = "searchField";

    private SearchField() {
    }

    static TextField of(MainViewModel vm) {
        TextField search = new TextField();
        search.setId(ID);
        search.setPromptText("Search targets, objects, sites (Ctrl+F)");
        search.setPrefColumnCount(22);
        search.textProperty().bindBidirectional(vm.searchProperty());
        return search;
    }
}
