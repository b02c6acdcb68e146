#!/bin/sh
# /usr/bin/klpscope (linked by packaging/deb/postinst): starts the packaged runtime directly. jpackage's own launcher
# (/opt/klpscope/bin/klpscope, same options) runs `rpm -qf` and `dpkg -S` to find its package on every start on
# JDK 17, about 0.2 s of CPU per command (docs/performance.md). The class path must be spelt exactly as when
# postinst made the class-data-sharing archive; -Xshare:auto and the log switches keep a missing archive silent;
# C1 only: a command runs its code once.
APP=/opt/klpscope/lib/app
exec /opt/klpscope/lib/runtime/bin/java -XX:SharedArchiveFile="$APP/klpscope.jsa" -Xshare:auto -Xlog:cds=off \
    -Xlog:cds+dynamic=off -XX:TieredStopAtLevel=1 -Djava.class.path="$APP/klpscope.jar" dev.klpscope.Main "$@"
