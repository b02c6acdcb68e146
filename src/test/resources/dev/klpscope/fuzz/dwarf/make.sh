#!/bin/sh
# The dwarf fuzz target's seeds: seed.c as gcc compiles a kernel object (relocatable, .rela.debug_* to apply).
set -e
cd "$(dirname "$0")"
out=../ReadersFuzzTestInputs/dwarf
mkdir -p "$out"
gcc -g -gdwarf-5 -O2 -fno-asynchronous-unwind-tables -c -o "$out/seed-gcc12-dwarf5.o" seed.c
gcc -g -gdwarf-4 -O2 -fno-asynchronous-unwind-tables -c -o "$out/seed-gcc12-dwarf4.o" seed.c
