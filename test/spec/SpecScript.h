//===- SpecScript.h - A spec-test script converted by wast2json -*- C++ -*-===//
//
// The commands of one wabt spec-test JSON file (wast2json output), reduced to
// what the runner judges: the command type, its line in the .wast and, for
// commands that carry a module, the module file and whether it is binary.
//
//===----------------------------------------------------------------------===//

#ifndef WASMAOT_TEST_SPEC_SPECSCRIPT_H
#define WASMAOT_TEST_SPEC_SPECSCRIPT_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace wasmaot::spec {

/// A value of an action's arguments or an assertion's results, as wast2json
/// writes it: the type and the value as text (integers and float bit patterns
/// in unsigned decimal; "nan:canonical", "nan:arithmetic"; "null" for
/// references), with one text per lane for v128.
struct ScriptValue {
  std::string Type;     ///< "i32", "f64", "v128", "funcref", "externref"...
  std::string LaneType; ///< v128 only: "i8", ..., "f64"
  std::vector<std::string> Values;
};

/// An invoke or get action.
struct ScriptAction {
  std::string Type;   ///< "invoke" or "get"
  std::string Module; ///< a module's name, or empty for the latest
  std::string Field;
  std::vector<ScriptValue> Args;
};

struct Command {
  /// "module", "assert_invalid", "assert_return", ... as wast2json spells it.
  std::string Type;
  /// The line of the command in the .wast file: a case's identity.
  unsigned Line = 0;
  /// The module file (relative to the JSON file's directory), or empty.
  std::string Filename;
  /// True for `module quote` modules, which wast2json leaves as .wat text.
  bool IsTextModule = false;
  /// The expected error message of an assertion, or empty.
  std::string Text;
  /// module: its name ("$M"), if any; register: the module registered.
  std::string Name;
  /// register: the name it is registered as.
  std::string As;
  /// assert_return, assert_trap, ..., action.
  bool HasAction = false;
  ScriptAction Action;
  std::vector<ScriptValue> Expected;
  /// assert_return of a relaxed operator: the one result may be any of
  /// these (wast's `either`).
  std::vector<ScriptValue> Either;

  bool hasModule() const { return !Filename.empty(); }
};

/// Reads and parses Path.
llvm::Expected<std::vector<Command>> loadScript(llvm::StringRef Path);

} // namespace wasmaot::spec

#endif
