#!/bin/sh
# Renders the hand-written SVG sources in icons/ to the PNGs the app loads.
# The renders are committed under src/main/resources/dev/klpscope/ui/icons/ (so a build needs no SVG tool);
# run this after editing an SVG. Needs rsvg-convert (Debian: apt-get install librsvg2-bin).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../src/main/resources/dev/klpscope/ui/icons"
mkdir -p "$out"
for svg in "$here"/*.svg; do
    name=$(basename "$svg" .svg)
    if [ "$name" = app ]; then
        for size in 16 32 48 64 128 256; do
            rsvg-convert -w "$size" -h "$size" "$svg" -o "$out/app-$size.png"
        done
    else
        # name.png for normal screens, name@2x.png is picked up by JavaFX on HiDPI screens.
        rsvg-convert -w 16 -h 16 "$svg" -o "$out/$name.png"
        rsvg-convert -w 32 -h 32 "$svg" -o "$out/$name@2x.png"
    fi
done
echo "rendered $(ls "$here"/*.svg | wc -l) icons into $out"
