//! mrnn-core on a Cortex-M4F: builds the scenario's network in a static, steps it, and
//! logs the R x R filtered currents every `EVERY` steps over defmt; exits through
//! semihosting with 0, or non-zero on a panic. See README.md.
#![no_std]
#![no_main]

use core::mem::MaybeUninit;

use cortex_m as _; // its critical-section implementation (single core)
use cortex_m_rt::entry;
#[cfg(not(feature = "panic-check"))]
use defmt_semihosting as _;
use mrnn_core::network::Network;

#[cfg(feature = "bench")]
mod bench;
mod memory;
#[allow(dead_code)]
mod scenario {
    include!(concat!(env!("OUT_DIR"), "/scenario.rs"));
}
use scenario::*;

#[cfg_attr(feature = "dmft", allow(dead_code))]
type Net = Network<R, N, Synapses>;

/// The network, in .bss: never on the stack (`init` fills it in place).
#[cfg_attr(feature = "dmft", allow(dead_code))]
static mut NETWORK: MaybeUninit<Net> = MaybeUninit::uninit();

#[cfg(not(any(feature = "bench", feature = "panic-check", feature = "dmft")))]
#[entry]
fn main() -> ! {
    // SAFETY: the only reference to NETWORK, taken once before anything else runs.
    let slot = unsafe { &mut *core::ptr::addr_of_mut!(NETWORK) };
    let Ok(net) = Net::init(slot, &PARAMS, &INITIAL, SEED) else {
        defmt::error!("{=str}: invalid parameters", SCENARIO);
        semihosting::process::exit(2)
    };
    defmt::info!(
        "{=str}: R={=usize} N={=usize} {=str} steps={=u64}",
        SCENARIO,
        R,
        N,
        CONNECTIVITY,
        STEPS
    );
    run_logged(*net.filtered_currents(), || {
        net.step();
        *net.filtered_currents()
    })
}

/// With `--features dmft`: the mean-field theory instead of the network, in f32 on a
/// window of 256 lags (docs/model.md §4), from the same scenario.
#[cfg(all(feature = "dmft", not(any(feature = "bench", feature = "panic-check"))))]
#[entry]
fn main() -> ! {
    use mrnn_core::dmft::{Dmft, Scheme};
    static mut THEORY: MaybeUninit<Dmft<R, 256, f32>> = MaybeUninit::uninit();
    // SAFETY: the only reference to THEORY, taken once before anything else runs.
    let slot = unsafe { &mut *core::ptr::addr_of_mut!(THEORY) };
    let Ok(theory) = Dmft::init(slot, &PARAMS, INITIAL, Scheme::Clean) else {
        defmt::error!("{=str}: invalid parameters for the theory", SCENARIO);
        semihosting::process::exit(2)
    };
    defmt::info!(
        "{=str}: DMFT f32 R={=usize} B=256 steps={=u64}",
        SCENARIO,
        R,
        STEPS
    );
    run_logged(*theory.currents(), || {
        theory.step();
        *theory.currents()
    })
}

/// Logs `initial`, then STEPS calls of `step` (each returning the new currents), every
/// EVERY steps; reports memory and exits with 0.
#[cfg(not(any(feature = "bench", feature = "panic-check")))]
fn run_logged(initial: [[f32; R]; R], mut step: impl FnMut() -> [[f32; R]; R]) -> ! {
    log_currents(0, &initial);
    for n in 1..=STEPS {
        let currents = step();
        if n % EVERY == 0 {
            log_currents(n, &currents);
        }
    }
    memory::report();
    semihosting::process::exit(0)
}

#[cfg(all(feature = "bench", not(feature = "panic-check")))]
#[entry]
fn main() -> ! {
    // SAFETY: as above.
    let slot = unsafe { &mut *core::ptr::addr_of_mut!(NETWORK) };
    let Ok(net) = Net::init(slot, &PARAMS, &INITIAL, SEED) else {
        semihosting::process::exit(2)
    };
    bench::run(net)
}

/// The panic-free check: nothing but `step()` on an all-zero network (a valid value: the
/// `Synapses` contract), and a panic handler that calls a symbol defined nowhere.
#[cfg(feature = "panic-check")]
#[entry]
fn main() -> ! {
    // SAFETY: all-zero bytes are a valid Network (network.rs relies on the same).
    let net = unsafe { &mut *core::ptr::addr_of_mut!(NETWORK).cast::<Net>() };
    loop {
        core::hint::black_box(&mut *net).step();
        #[cfg(feature = "panic-check-control")]
        {
            let i = core::hint::black_box(R);
            core::hint::black_box(net.filtered_currents()[i][0]);
        }
    }
}

#[cfg(feature = "panic-check")]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    extern "C" {
        fn mrnn_firmware_step_path_can_panic() -> !;
    }
    // SAFETY: never defined: linking fails if this handler is reachable at all.
    unsafe { mrnn_firmware_step_path_can_panic() }
}

#[cfg(not(feature = "panic-check"))]
#[panic_handler]
fn panic(info: &core::panic::PanicInfo) -> ! {
    defmt::error!("panic: {}", defmt::Display2Format(info));
    semihosting::process::exit(101)
}

#[cortex_m_rt::exception]
unsafe fn HardFault(_frame: &cortex_m_rt::ExceptionFrame) -> ! {
    semihosting::process::exit(102)
}
