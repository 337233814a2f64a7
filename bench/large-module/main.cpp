// A large, real WebAssembly module for WasmAOT's decode/validate benchmarks:
// header-only numerics, geometry, graph, parsing, container and
// serialisation code from Eigen, Boost, nlohmann::json and {fmt}.
//
//   large-module.wasm [SEED] [SUITE...]   prints a checksum per suite
//
// Without SUITE arguments, every suite but the slow ones runs.
#include "common.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

struct Suite {
  const char *Name;
  double (*Run)(unsigned);
  bool Slow = false; ///< only when named
};

const Suite Suites[] = {
    {"dense-float", large::runDense_float},
    {"dense-double", large::runDense_double},
    {"dense-complex-float", large::runDenseComplex_float},
    {"dense-complex-double", large::runDenseComplex_double},
    {"sparse", large::runSparse},
    {"matrix-functions", large::runMatrixFunctions},
    {"special-functions", large::runSpecialFunctions},
    {"special-functions-long-double", large::runSpecialFunctionsLongDouble,
     /*Slow=*/true},
    {"distributions", large::runDistributions},
    {"quadrature", large::runQuadrature},
    {"multiprecision", large::runMultiprecision},
    {"geometry", large::runGeometry},
    {"graph", large::runGraph},
    {"json", large::runJson},
    {"format", large::runFormat},
    {"parsers", large::runParsers},
    {"containers", large::runContainers},
};

} // namespace

int main(int argc, char **argv) {
  unsigned Seed = argc > 1 ? unsigned(std::strtoul(argv[1], nullptr, 10)) : 1;
  for (const Suite &S : Suites) {
    bool Selected = argc <= 2 && !S.Slow;
    for (int I = 2; I < argc; ++I)
      Selected |= std::strcmp(argv[I], S.Name) == 0;
    if (Selected)
      std::printf("%-29s %.6g\n", S.Name, S.Run(Seed));
  }
  return 0;
}
