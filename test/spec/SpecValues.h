//===- SpecValues.h - Script values against runtime values ------*- C++ -*-===//
//
// Converts wast2json's textual values to wasmaot_val and judges results:
// exact bits, or nan:canonical / nan:arithmetic, lane by lane for v128.
//
//===----------------------------------------------------------------------===//

#ifndef WASMAOT_TEST_SPEC_SPECVALUES_H
#define WASMAOT_TEST_SPEC_SPECVALUES_H

#include "SpecScript.h"

#include "wasmaot/wasmaot.h"

#include <optional>
#include <string>

namespace wasmaot::spec {

/// The value an argument denotes; nullopt if it cannot be represented.
std::optional<wasmaot_val> toRuntimeValue(const ScriptValue &V);

/// The host's stand-in for `ref.extern N`: a non-null pointer per N.
void *externRefFor(uint64_t N);

/// Whether Actual (of type code Type) matches Expected; otherwise Why says
/// what differs.
bool matches(const ScriptValue &Expected, uint8_t Type,
             const wasmaot_val &Actual, std::string &Why);

/// A result as text, for messages.
std::string describe(uint8_t Type, const wasmaot_val &V);

} // namespace wasmaot::spec

#endif
