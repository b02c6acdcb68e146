#!/usr/bin/env bash
# Builds the Debian package: target/deb/klpscope_<version>-1_amd64.deb (issue 17).
#
#   bash packaging/build-deb.sh            # mvn package (tests skipped), then the package
#   SKIP_MVN=1 bash packaging/build-deb.sh # reuse target/klpscope.jar (CI, after mvn verify)
#
# jlink makes a runtime with what the jar needs (java.desktop: the review image is drawn with Java2D; JavaFX is in
# the jar) and its own CDS archive; jpackage makes the .deb under /opt/klpscope; /usr/bin/klpscope is packaging/klpscope.sh (linked by postinst),
# which starts the runtime directly (jpackage's launcher queries rpm/dpkg on every start).
# The desktop entry, MIME type, hicolor icons and man page travel inside the app directory and are linked into
# /usr/share by packaging/deb/postinst (jpackage places files only under its install directory); postinst also
# makes the AppCDS archive the launcher uses. Needs JDK 17+ (jlink, jpackage), fakeroot, dpkg-dev, binutils.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
version=$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' pom.xml | head -1)
work=target/deb-work
out=target/deb

[ -n "${SKIP_MVN:-}" ] || mvn -B -q -DskipTests package
jar=target/klpscope.jar
[ -f "$jar" ] || { echo "build-deb: $jar missing (run mvn package)" >&2; exit 2; }

rm -rf "$work" "$out"
mkdir -p "$work/input/share/applications" "$work/input/share/mime/packages" "$work/input/share/man/man1" \
    "$work/input/training" "$out"
cp "$jar" "$work/input/klpscope.jar"
mkdir -p "$work/input/bin"
cp packaging/klpscope.sh "$work/input/bin/klpscope"
# The sample check that postinst runs once to record the classes the command line loads (AppCDS).
cp samples/seed/seed_lp1.ko "$work/input/training/seed_lp1.ko"
cp samples/seed/v1/foo.ko "$work/input/training/foo.ko"
cp packaging/klpscope.desktop "$work/input/share/applications/klpscope.desktop"
cp packaging/klpscope-mime.xml "$work/input/share/mime/packages/klpscope.xml"
icons=src/main/resources/dev/klpscope/ui/icons
for size in 16 32 48 64 128 256; do
    mkdir -p "$work/input/share/icons/hicolor/${size}x${size}/apps"
    cp "$icons/app-$size.png" "$work/input/share/icons/hicolor/${size}x${size}/apps/klpscope.png"
done
mkdir -p "$work/input/share/icons/hicolor/scalable/apps"
cp icons/app.svg "$work/input/share/icons/hicolor/scalable/apps/klpscope.svg"
java -Djava.awt.headless=true -jar "$jar" --help >/dev/null   # fail early if the jar cannot run
bash packaging/manpage.sh "$jar" "$version" | gzip -9n > "$work/input/share/man/man1/klpscope.1.gz"

modules=java.base,java.desktop,java.logging,java.prefs,java.xml,jdk.unsupported,jdk.unsupported.desktop
jlink --add-modules "$modules" --generate-cds-archive --strip-debug --no-header-files --no-man-pages \
    --compress=2 --output "$work/runtime"

mkdir -p "$work/resources"
cp packaging/deb/postinst packaging/deb/prerm packaging/deb/postrm "$work/resources/"
cp "$icons/app-256.png" "$work/resources/klpscope.png"
# $APPDIR is expanded by the launcher. -Xshare:auto and the log switches keep a missing or stale archive silent.
# C1 only (TieredStopAtLevel=1): a command runs its code once or a few times; C2 compilations cost more CPU than
# they save, even on the vmlinux check (docs/performance.md, cold start).
# dpkg-deb's default xz took 4 of the 5 minutes on a loaded 2-core machine; gzip takes seconds and the package
# is about a third larger. DPKG_DEB_COMPRESSOR_TYPE=xz for a release.
export DPKG_DEB_COMPRESSOR_TYPE=${DPKG_DEB_COMPRESSOR_TYPE:-gzip}
jpackage --type deb --name klpscope --app-version "$version" --linux-package-name klpscope \
    --description "Inspects Linux livepatch modules against candidate versions of the objects they patch" \
    --vendor klpscope --linux-deb-maintainer klpscope@localhost --linux-app-category devel \
    --input "$work/input" --main-jar klpscope.jar --main-class dev.klpscope.Main \
    --runtime-image "$work/runtime" --install-dir /opt --resource-dir "$work/resources" \
    --java-options '-XX:SharedArchiveFile=$APPDIR/klpscope.jsa' --java-options -Xshare:auto \
    --java-options -Xlog:cds=off --java-options -Xlog:cds+dynamic=off --java-options -XX:TieredStopAtLevel=1 \
    --dest "$out"
ls "$out"/*.deb
