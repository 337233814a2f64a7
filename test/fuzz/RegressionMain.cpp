//===- RegressionMain.cpp - Replays fuzzer findings without libFuzzer -----===//
//
// wasmaot-fuzz-regressions [--time-limit=SECONDS] PATH...
//
// Runs the fuzz target's entry point (DecodeValidateFuzzer.cpp) over every
// file under each PATH (directories are walked recursively; README* and
// dotfiles are skipped). A crash or sanitizer report ends the process; an
// input slower than the time limit (default 20 s, 0: none) fails the run.
// This keeps fixed fuzzer crashes fixed in ordinary builds (CTest
// "fuzz-regressions"), where libFuzzer is not linked.
//
//===----------------------------------------------------------------------===//

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size);

namespace fs = std::filesystem;

namespace {

bool isInput(const fs::path &P) {
  std::string Name = P.filename().string();
  return !Name.empty() && Name[0] != '.' && Name.rfind("README", 0) != 0;
}

void collect(const fs::path &P, std::vector<fs::path> &Out) {
  std::error_code EC;
  if (fs::is_directory(P, EC)) {
    for (fs::recursive_directory_iterator It(P, EC), End; !EC && It != End;
         It.increment(EC))
      if (It->is_regular_file() && isInput(It->path()))
        Out.push_back(It->path());
  } else if (fs::is_regular_file(P, EC)) {
    Out.push_back(P);
  } else {
    std::fprintf(stderr, "wasmaot-fuzz-regressions: no such file or "
                         "directory: %s\n",
                 P.c_str());
    std::exit(2);
  }
}

} // namespace

int main(int argc, char **argv) {
  double TimeLimit = 20;
  std::vector<fs::path> Inputs;
  for (int I = 1; I < argc; ++I) {
    if (std::strncmp(argv[I], "--time-limit=", 13) == 0) {
      TimeLimit = std::atof(argv[I] + 13);
      continue;
    }
    collect(argv[I], Inputs);
  }
  std::sort(Inputs.begin(), Inputs.end());

  unsigned Slow = 0;
  for (const fs::path &P : Inputs) {
    std::ifstream In(P, std::ios::binary);
    std::vector<uint8_t> Bytes((std::istreambuf_iterator<char>(In)),
                               std::istreambuf_iterator<char>());
    if (!In.good() && !In.eof()) {
      std::fprintf(stderr, "cannot read %s\n", P.c_str());
      return 2;
    }
    std::fprintf(stderr, "running %s (%zu bytes)\n", P.c_str(), Bytes.size());
    auto Start = std::chrono::steady_clock::now();
    LLVMFuzzerTestOneInput(Bytes.data(), Bytes.size());
    double Seconds = std::chrono::duration<double>(
                         std::chrono::steady_clock::now() - Start)
                         .count();
    if (TimeLimit > 0 && Seconds > TimeLimit) {
      std::fprintf(stderr, "  SLOW: %.2f s (limit %.0f s)\n", Seconds,
                   TimeLimit);
      ++Slow;
    }
  }
  std::fprintf(stderr, "wasmaot-fuzz-regressions: %zu inputs, %u too slow\n",
               Inputs.size(), Slow);
  return Slow ? 1 : 0;
}
