//===- CompileProgress.h - Progress of a long compile on a terminal -*- C++ -*-===//
//
// A cold compile of a big module takes seconds to minutes. When stderr is a
// terminal and a compile has run for more than a second, one status line on
// stderr says what is being done and for how long; it is erased when the
// compile ends. Nothing is printed otherwise (pipes, logs, quick compiles).
//
//===----------------------------------------------------------------------===//

#ifndef WASMAOT_TOOLS_COMPILEPROGRESS_H
#define WASMAOT_TOOLS_COMPILEPROGRESS_H

#include "llvm/ADT/StringRef.h"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace wasmaot {

class CompileProgress {
public:
  /// What: the module's name, as the line shows it.
  explicit CompileProgress(llvm::StringRef What);
  ~CompileProgress();
  CompileProgress(const CompileProgress &) = delete;
  CompileProgress &operator=(const CompileProgress &) = delete;

  /// The current phase ("translating", "optimising", ...). Any thread.
  void setPhase(llvm::StringRef Phase);

private:
  void run();

  std::string What;
  std::string Phase;
  std::chrono::steady_clock::time_point Start;
  std::mutex Lock;
  std::condition_variable Wake;
  bool Done = false;
  bool Shown = false;
  std::thread Reporter;
};

} // namespace wasmaot

#endif
