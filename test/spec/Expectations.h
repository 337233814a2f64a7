//===- Expectations.h - Recorded results of a spec-test suite ---*- C++ -*-===//
//
// The checked-in record of what a suite is expected to give, and the
// comparison of a run against it. The text format, one fact per line so that
// diffs stay small:
//
//   # comment (also after a fact)
//   file spec-wg-2.0/test/core/select.json
//     assert_invalid passed 10 failed 2 skipped 0
//       fail 345  # accepted select.12.wasm, expected invalid: "type mismatch"
//       fail 351
//
// A "file" line starts a JSON file (path relative to the suite root); each
// category (command type) line gives its counts; each "fail LINE" records an
// expected failure of that category, identified by its line in the .wast.
// The comment after a fail line is the reason at the time it was recorded.
//
//===----------------------------------------------------------------------===//

#ifndef WASMAOT_TEST_SPEC_EXPECTATIONS_H
#define WASMAOT_TEST_SPEC_EXPECTATIONS_H

#include "Results.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/Error.h"

namespace wasmaot::spec {

llvm::Expected<SuiteRecord> readExpectations(llvm::StringRef Path);

/// Writes Record to Path, preceded by Header as "# " comment lines.
llvm::Error writeExpectations(llvm::StringRef Path, const SuiteRecord &Record,
                              llvm::ArrayRef<std::string> Header);

struct Finding {
  enum KindT : uint8_t {
    /// A new failure, or fewer passes than recorded: fails the run.
    Regression,
    /// A recorded failure no longer fails, or more passes than recorded.
    Improvement,
    /// Any other difference worth recording (e.g. a file with no passes
    /// that no longer runs).
    Change,
  } Kind;
  std::string Message;
};

/// Compares a run against the record. Files recorded but absent from the run
/// count only if ShouldHaveRun says the run would have included them (their
/// directory was scanned), so that running a few files stays possible.
std::vector<Finding>
compareResults(const SuiteRecord &Recorded, const SuiteRecord &Current,
               llvm::function_ref<bool(llvm::StringRef File)> ShouldHaveRun);

} // namespace wasmaot::spec

#endif
