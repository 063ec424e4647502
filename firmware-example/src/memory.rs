//! Flash and RAM use from the linker's symbols, and the stack high-water mark from the
//! paint that cortex-m-rt (`paint-stack`) puts between `_stack_end` and `_stack_start`.

extern "C" {
    static __vector_table: u32;
    static __stext: u32;
    static __etext: u32;
    static __srodata: u32;
    static __erodata: u32;
    static __sdata: u32;
    static __edata: u32;
    static __sbss: u32;
    static __ebss: u32;
    static _stack_end: u32;
    static _stack_start: u32;
}

fn addr(symbol: &u32) -> usize {
    symbol as *const u32 as usize
}

/// Bytes of stack ever used: from the top down to the lowest word whose paint is gone.
pub fn stack_high_water() -> usize {
    // SAFETY: linker symbols; only their addresses are taken, and the painted words
    // between them are plain RAM.
    unsafe {
        let (bottom, top) = (addr(&_stack_end), addr(&_stack_start));
        let mut p = bottom;
        while p < top && core::ptr::read_volatile(p as *const u32) == cortex_m_rt::STACK_PAINT_VALUE
        {
            p += 4;
        }
        top - p
    }
}

/// Logs one `memory:` line (bytes): .text, .rodata, .data, .bss, flash total (vector table,
/// .text, .rodata and the .data image), stack high-water mark, RAM used (.data + .bss + stack).
#[allow(dead_code)]
pub fn report() {
    // SAFETY: only the symbols' addresses are used.
    let (vectors, text, rodata, data, bss) = unsafe {
        (
            addr(&__stext) - addr(&__vector_table),
            addr(&__etext) - addr(&__stext),
            addr(&__erodata) - addr(&__srodata),
            addr(&__edata) - addr(&__sdata),
            addr(&__ebss) - addr(&__sbss),
        )
    };
    let stack = stack_high_water();
    defmt::info!(
        "memory: text={=usize} rodata={=usize} data={=usize} bss={=usize} flash={=usize} stack={=usize} ram={=usize}",
        text,
        rodata,
        data,
        bss,
        vectors + text + rodata + data,
        stack,
        data + bss + stack
    );
}
