//===- TrapReport.h - How wasm-aot reports a trap ---------------*- C++ -*-===//
//
// `trap: <kind>: <message>` and a backtrace of Wasm function names, the
// format `wasm-aot run` prints on stderr before exiting with 134. Free of
// LLVM: the launcher (RunLauncher.cpp) prints it too.
//
//===----------------------------------------------------------------------===//

#ifndef WASMAOT_TOOLS_TRAPREPORT_H
#define WASMAOT_TOOLS_TRAPREPORT_H

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

struct wasmaot_trap;

namespace wasmaot {

/// The trap's kind as one word: its message with dashes for spaces
/// ("out-of-bounds-memory-access").
std::string trapKind(uint32_t Code);

/// Prints the trap line (with When, e.g. "while instantiating", in
/// parentheses if not empty) and the backtrace.
void printTrap(std::FILE *Out, const wasmaot_trap &Trap,
               std::string_view When = "");

} // namespace wasmaot

#endif
