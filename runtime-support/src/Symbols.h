/*===- Symbols.h - Code addresses to Wasm functions ---------------*- C -*-===*
 *
 * Each loaded module registers the start of every function of its library
 * (the descriptor lists them all: Wasm functions, trampolines, adapters,
 * constant-expression functions and helpers), sorted, so that an address in
 * its code maps to the function whose start is nearest below it. Backtraces
 * of traps are symbolized through this (wasmaot_symbolize).
 *
 *===----------------------------------------------------------------------===*/

#ifndef WASMAOT_RUNTIME_SYMBOLS_H
#define WASMAOT_RUNTIME_SYMBOLS_H

#include "wasmaot/wasmaot.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Registers module's functions (its descriptor and code segments are set).
 * Returns 0, or -1 when out of memory. */
int wasmaot_symbols_add(wasmaot_module *module);

/* Unregisters them; nothing if they were not registered. */
void wasmaot_symbols_remove(wasmaot_module *module);

#ifdef __cplusplus
}
#endif

#endif
