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

  bool hasModule() const { return !Filename.empty(); }
};

/// Reads and parses Path.
llvm::Expected<std::vector<Command>> loadScript(llvm::StringRef Path);

} // namespace wasmaot::spec

#endif
