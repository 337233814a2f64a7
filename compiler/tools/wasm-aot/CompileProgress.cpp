//===- CompileProgress.cpp - Progress of a long compile on a terminal -----===//

#include "CompileProgress.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace wasmaot {

namespace {
constexpr auto Interval = std::chrono::milliseconds(250);

/// One second, or WASM_AOT_PROGRESS_AFTER_MS (for tests).
std::chrono::milliseconds delay() {
  if (std::optional<std::string> Ms =
          sys::Process::GetEnv("WASM_AOT_PROGRESS_AFTER_MS")) {
    unsigned Value;
    if (!StringRef(*Ms).getAsInteger(10, Value))
      return std::chrono::milliseconds(Value);
  }
  return std::chrono::seconds(1);
}
} // namespace

CompileProgress::CompileProgress(StringRef What)
    : What(What.str()), Start(std::chrono::steady_clock::now()) {
  if (sys::Process::StandardErrIsDisplayed())
    Reporter = std::thread([this] { run(); });
}

CompileProgress::~CompileProgress() {
  if (!Reporter.joinable())
    return;
  {
    std::lock_guard<std::mutex> Guard(Lock);
    Done = true;
  }
  Wake.notify_one();
  Reporter.join();
}

void CompileProgress::setPhase(StringRef NewPhase) {
  std::lock_guard<std::mutex> Guard(Lock);
  Phase = NewPhase.str();
}

void CompileProgress::run() {
  std::unique_lock<std::mutex> Guard(Lock);
  if (Wake.wait_for(Guard, delay(), [this] { return Done; }))
    return; // quick: say nothing
  while (!Done) {
    double Seconds = std::chrono::duration<double>(
                         std::chrono::steady_clock::now() - Start)
                         .count();
    // \r and "erase to end of line": one line, rewritten in place.
    errs() << "\rwasm-aot: compiling " << What << ": " << Phase << " ("
           << format("%.0f", Seconds) << " s)\x1b[K";
    errs().flush();
    Shown = true;
    Wake.wait_for(Guard, Interval, [this] { return Done; });
  }
  if (Shown) {
    errs() << "\r\x1b[K";
    errs().flush();
  }
}

} // namespace wasmaot
