#!/usr/bin/env bash
# Prints klpscope(1) in groff from the jar's own --help texts (the top level and each command), so the man page
# says exactly what --help says. Usage: manpage.sh JAR VERSION
set -euo pipefail
jar=$1 version=$2
help() { java -Djava.awt.headless=true -jar "$jar" "$@" --help; }
# groff: backslashes doubled; a line starting with . or ' must not be read as a request.
escape() { sed -e 's/\\/\\e/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"; }
echo ".TH KLPSCOPE 1 \"\" \"klpscope $version\" \"User Commands\""
echo ".SH NAME"
echo "klpscope \\- inspect a Linux livepatch module against candidate versions of the objects it patches"
echo ".SH SYNOPSIS"
echo ".nf"
help | escape
echo ".fi"
for cmd in $(help | awk '/^Commands:/{c=1;next} c&&/^  [a-z]/{print $1} c&&/^$/{c=0}'); do
    [ "$cmd" = help ] && continue
    echo ".SH \"KLPSCOPE ${cmd^^}\""
    echo ".nf"
    help "$cmd" | escape
    echo ".fi"
done
