#!/usr/bin/env bash
# Cost of a step on the Cortex-M4F in instructions, deterministic: QEMU with
# `-icount shift=0` (one virtual nanosecond per instruction) and SysTick, calibrated by
# a loop of known length (QEMU does not model DWT's cycle counter). Dense (scenario.toml)
# and procedural (scenario-procedural.toml). Each run takes a few seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
for features in bench bench,procedural; do
    QEMU_EXTRA="-icount shift=0" cargo run --quiet --release --features "$features" | grep -E "bench"
done
