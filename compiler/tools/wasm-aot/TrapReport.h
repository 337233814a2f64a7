//===- TrapReport.h - How wasm-aot reports a trap ---------------*- C++ -*-===//
//
// `trap: <kind>: <message>` and a backtrace of Wasm function names, the
// format `wasm-aot run` prints on stderr before exiting with 134.
//
//===----------------------------------------------------------------------===//

#ifndef WASMAOT_TOOLS_TRAPREPORT_H
#define WASMAOT_TOOLS_TRAPREPORT_H

#include "llvm/ADT/StringRef.h"

#include <string>

struct wasmaot_trap;
namespace llvm {
class raw_ostream;
}

namespace wasmaot {

/// The trap's kind as one word: its message with dashes for spaces
/// ("out-of-bounds-memory-access").
std::string trapKind(uint32_t Code);

/// Prints the trap line (with When, e.g. "while instantiating", in
/// parentheses if not empty) and the backtrace.
void printTrap(llvm::raw_ostream &OS, const wasmaot_trap &Trap,
               llvm::StringRef When = "");

} // namespace wasmaot

#endif
