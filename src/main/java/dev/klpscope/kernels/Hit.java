package dev.klpscope.kernels;

import java.util.Optional;

/** An object a patch names, found in a source, before it is placed in a build. */
record Hit(FoundObject found, Optional<String> release) {
}
