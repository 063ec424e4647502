#!/usr/bin/env bash
# Installs what the firmware tests (tests/tests/firmware.rs) need on a fresh Debian
# machine, and nothing else: QEMU for the Cortex-M4F board and defmt-print to decode the
# log (plus the thumb targets, should rustup not have taken them from rust-toolchain.toml).
# Idempotent: each step is skipped when its tool is already there. The tests themselves
# run through `cargo test` (called by .ci/run).
set -euo pipefail

if ! command -v qemu-system-arm >/dev/null 2>&1; then
    # Another apt may hold the dpkg lock: wait for it rather than fail.
    apt-get -o DPkg::Lock::Timeout=600 update
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y qemu-system-arm
fi
export PATH="$HOME/.cargo/bin:$PATH"
if ! command -v defmt-print >/dev/null 2>&1; then
    cargo install defmt-print --locked
fi
installed=$(rustup target list --installed 2>/dev/null || true)
for t in thumbv7em-none-eabihf thumbv6m-none-eabi; do
    if ! grep -qx "$t" <<<"$installed"; then
        rustup target add "$t"
    fi
done
echo "firmware tools: $(command -v qemu-system-arm), $(command -v defmt-print)"
