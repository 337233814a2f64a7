//===- ModuleArgument.h - The module a micro-benchmark reads ----*- C++ -*-===//
//
// The micro-benchmarks take the module as their first argument that is not a
// --flag, else $WASMAOT_BENCH_MODULE, else a default; Google Benchmark gets
// the other arguments.
//
//===----------------------------------------------------------------------===//

#ifndef WASMAOT_BENCH_MODULEARGUMENT_H
#define WASMAOT_BENCH_MODULEARGUMENT_H

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace wasmaot::bench {

/// The module's path; Rest receives argv without it (argv[0] first).
inline std::string takeModulePath(int argc, char **argv, const char *Default,
                                  std::vector<char *> &Rest) {
  std::string Path;
  Rest.assign(1, argv[0]);
  for (int I = 1; I < argc; ++I) {
    if (Path.empty() && std::strncmp(argv[I], "--", 2) != 0)
      Path = argv[I];
    else
      Rest.push_back(argv[I]);
  }
  if (Path.empty()) {
    const char *Env = std::getenv("WASMAOT_BENCH_MODULE");
    Path = Env && *Env ? Env : Default;
  }
  return Path;
}

} // namespace wasmaot::bench

#endif
