#!/usr/bin/env bash
# Cargo runner: runs the firmware ELF under QEMU (mps2-an386, Cortex-M4F) and decodes
# its defmt log with defmt-print. The firmware exits through semihosting; pipefail keeps
# QEMU's exit status (0, or non-zero on a panic or fault) through the pipe.
# Extra QEMU flags (e.g. `-icount shift=0` for the benchmark) come from $QEMU_EXTRA.
set -euo pipefail
elf="$1"
# shellcheck disable=SC2086
qemu-system-arm -cpu cortex-m4 -machine mps2-an386 -nographic -monitor none -serial none \
    -semihosting-config enable=on,target=native ${QEMU_EXTRA:-} -kernel "$elf" \
    | defmt-print -e "$elf"
