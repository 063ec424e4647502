//! Cost of a step in instructions, under `qemu -icount shift=0` (scripts/bench.sh).
//!
//! With icount QEMU advances its virtual clock by a fixed time per instruction, and
//! SysTick (on the CPU clock) counts that clock: deterministic. QEMU does not model DWT's
//! cycle counter, and its SysTick rate depends on the board's clock, so a loop of a known
//! instruction count calibrates ticks to instructions first.

use core::sync::atomic::{AtomicU32, Ordering};

use cortex_m::peripheral::syst::SystClkSource;
use cortex_m_rt::exception;

use crate::scenario::*;
use crate::Net;

/// SysTick wraps (every 2^24 ticks).
static WRAPS: AtomicU32 = AtomicU32::new(0);

#[exception]
fn SysTick() {
    WRAPS.fetch_add(1, Ordering::Relaxed);
}

/// Ticks since SysTick was started, wraps included.
fn ticks() -> u64 {
    loop {
        let before = WRAPS.load(Ordering::SeqCst);
        let value = cortex_m::peripheral::SYST::get_current();
        if WRAPS.load(Ordering::SeqCst) == before {
            return ((before as u64) << 24) + (0xFF_FFFF - value) as u64;
        }
    }
}

/// Exactly `2 n` instructions: `subs` and `bne`, n times.
fn known_loop(n: u32) {
    // SAFETY: only the named register and the flags change.
    unsafe {
        core::arch::asm!("1:", "subs {0}, #1", "bne 1b", inout(reg) n => _, options(nomem, nostack))
    };
}

pub fn run(net: &mut Net) -> ! {
    // SAFETY: the only user of SYST.
    let mut syst = unsafe { cortex_m::Peripherals::steal() }.SYST;
    syst.set_clock_source(SystClkSource::Core);
    syst.set_reload(0xFF_FFFF);
    syst.clear_current();
    syst.enable_interrupt();
    syst.enable_counter();
    // The counter reads 0 until its first tick loads the reload value.
    while cortex_m::peripheral::SYST::get_current() == 0 {}

    const CALIBRATION: u32 = 5_000_000;
    let t0 = ticks();
    known_loop(CALIBRATION);
    let calibration_ticks = ticks() - t0;

    // Enough steps for a stable count, few enough to keep QEMU under a few seconds.
    let steps: u64 = if N <= 256 { 200 } else { 10 };
    let t0 = ticks();
    for _ in 0..steps {
        net.step();
    }
    let step_ticks = ticks() - t0;

    let instructions = step_ticks * 2 * CALIBRATION as u64 / calibration_ticks;
    let per_step = instructions / steps;
    // Synapse updates per step: chi in every region with disorder, then the rank-one
    // part: R loadings m per neuron in, R^2 readouts n per neuron out.
    let disordered = PARAMS.disorder.iter().filter(|&&g| g != 0.0).count();
    let synapses = (disordered * N * N + 2 * R * R * N) as u64;
    defmt::info!(
        "bench: {=str} R={=usize} N={=usize} steps={=u64} instructions/step={=u64} synapses/step={=u64} milli-instructions/synapse={=u64} (calibration: {=u64} ticks for {=u32} instructions)",
        CONNECTIVITY, R, N, steps, per_step, synapses, per_step * 1000 / synapses, calibration_ticks, 2 * CALIBRATION
    );
    // The parts of the connectivity, each over one step's worth of calls.
    use mrnn_core::network::Synapses;
    let rate = [0.25f32; N];
    let syn = net.synapses();
    let part = |f: &dyn Fn()| {
        let t0 = ticks();
        f();
        (ticks() - t0) * 2 * CALIBRATION as u64 / calibration_ticks
    };
    let chi = part(&|| {
        (0..N).for_each(|i| {
            core::hint::black_box(syn.disorder_input(0, i, core::hint::black_box(&rate)));
        })
    });
    let pattern = part(&|| {
        (0..N).for_each(|i| {
            core::hint::black_box(syn.input_pattern(0, core::hint::black_box(i)));
        })
    });
    let readout = part(&|| {
        core::hint::black_box(syn.readout(0, 1, core::hint::black_box(&rate)));
    });
    defmt::info!(
        "bench parts (instructions): disorder_input over one region {=u64} ({=u64} milli/synapse), input_pattern per neuron {=u64}, readout per neuron {=u64}",
        chi, chi * 1000 / (N * N) as u64, pattern / N as u64, readout / N as u64
    );
    semihosting::process::exit(0)
}
