//===- Values.h - Command-line values for wasm-aot run --invoke -*- C++ -*-===//
//
// Parses the arguments of an invoked export ("1", "-7", "0x10", "1.5", "-0",
// "inf", "nan", "nan:0x200000") and prints its results (integers in signed
// decimal; floats in the shortest form that reads back to the same bits,
// "nan:0x..." for a NaN payload that is not canonical; v128 as "i32x4 a b c
// d"; references as "null" or "ref").
//
//===----------------------------------------------------------------------===//

#ifndef WASMAOT_TOOLS_WASMAOT_VALUES_H
#define WASMAOT_TOOLS_WASMAOT_VALUES_H

#include "wasmaot/abi.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>

namespace wasmaot {

llvm::Expected<wasmaot_val> parseValue(llvm::StringRef Text, uint8_t Type);
std::string formatValue(const wasmaot_val &V, uint8_t Type);

} // namespace wasmaot

#endif
