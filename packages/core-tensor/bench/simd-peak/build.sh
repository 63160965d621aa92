#!/bin/sh
# Builds simd-peak.wasm from simd-peak.c with Debian's clang + lld (apt-get install clang lld). The
# .wasm is committed; run this only after changing the C source.
set -e
cd "$(dirname "$0")"
FLAGS="--target=wasm32 -O2 -msimd128 -nostdlib -Wl,--no-entry -Wl,--strip-all"
clang $FLAGS -o simd-peak.wasm simd-peak.c
ls -l simd-peak.wasm
