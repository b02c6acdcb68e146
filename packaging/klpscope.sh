#!/bin/sh
# /usr/bin/klpscope (linked by packaging/deb/postinst): starts the packaged runtime directly. jpackage's own launcher
# (/opt/klpscope/bin/klpscope, same options) runs `rpm -qf` and `dpkg -S` to find its package on every start on
# JDK 17, about 0.2 s of CPU per command (docs/performance.md). The class path must be spelt exactly as when
# postinst made the class-data-sharing archive; -Xshare:auto and the log switches keep a missing archive silent;
# C1 only for a command, which runs its code once (a vmlinux check too: docs/performance.md); the window, which
# lives long and analyses again on every change, keeps the full JIT.
APP=/opt/klpscope/lib/app
case "${1:-}" in
    check|show|help|-h|--help|-V|--version) JIT=-XX:TieredStopAtLevel=1 ;;
    *) JIT=-XX:+TieredCompilation ;;
esac
exec /opt/klpscope/lib/runtime/bin/java -XX:SharedArchiveFile="$APP/klpscope.jsa" -Xshare:auto -Xlog:cds=off \
    -Xlog:cds+dynamic=off $JIT -Djava.class.path="$APP/klpscope.jar" dev.klpscope.Main "$@"
