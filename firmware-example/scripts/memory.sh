#!/usr/bin/env bash
# Flash and RAM use of the firmware, dense and procedural: the ELF's sections (llvm-size,
# from Debian's `llvm`, when present) and the firmware's own `memory:` line, logged at
# exit (linker symbols for .text/.rodata/.data/.bss, stack high-water mark from the
# paint cortex-m-rt puts on the stack at reset).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
elf="$CARGO_TARGET_DIR/thumbv7em-none-eabihf/release/mrnn-firmware"
size=$(command -v llvm-size || ls /usr/bin/llvm-size-* 2>/dev/null | head -n1 || true)
for features in "" procedural; do
    echo "== ${features:-dense} (scenario$([ -n "$features" ] && echo -procedural).toml)"
    cargo build --quiet --release ${features:+--features "$features"}
    if [ -n "$size" ]; then
        "$size" -A "$elf" | grep -E "^(section|\.vector_table|\.text|\.rodata|\.data|\.bss|\.uninit) "
    fi
    cargo run --quiet --release ${features:+--features "$features"} | grep "memory:"
done
