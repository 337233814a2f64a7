//===- Threads.h - Work shared by a few threads -----------------*- C++ -*-===//
//
// The validator and the code generator split their work the same way:
// workers take items from a shared counter until none is left. This runs
// such a worker on several threads, the calling one among them.
//
//===----------------------------------------------------------------------===//

#ifndef WASMAOT_SUPPORT_THREADS_H
#define WASMAOT_SUPPORT_THREADS_H

#include "llvm/ADT/STLFunctionalExtras.h"

#include <thread>
#include <vector>

namespace wasmaot {

/// Runs Work on Threads threads (at least the calling one) and returns when
/// every one has finished.
inline void runOnThreads(unsigned Threads, llvm::function_ref<void()> Work) {
  std::vector<std::thread> Pool;
  for (unsigned T = 1; T < Threads; ++T)
    Pool.emplace_back([Work] { Work(); });
  Work();
  for (std::thread &T : Pool)
    T.join();
}

} // namespace wasmaot

#endif
