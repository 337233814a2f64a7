// Shared by the translation units of the large benchmark module. Each unit
// exercises one header-only library and returns a checksum that depends on
// the seed, so that nothing is optimised away.
#pragma once

#include <cstdint>

namespace large {

/// A small deterministic generator (splitmix64), independent of libc.
struct Rng {
  uint64_t State;
  explicit Rng(uint64_t Seed) : State(Seed) {}
  uint64_t next() {
    uint64_t Z = (State += 0x9E3779B97F4A7C15ull);
    Z = (Z ^ (Z >> 30)) * 0xBF58476D1CE4E5B9ull;
    Z = (Z ^ (Z >> 27)) * 0x94D049BB133111EBull;
    return Z ^ (Z >> 31);
  }
  /// Uniform in [Lo, Hi).
  double uniform(double Lo = 0, double Hi = 1) {
    return Lo + (Hi - Lo) * double(next() >> 11) * 0x1.0p-53;
  }
};

double runDense_float(unsigned Seed);
double runDense_double(unsigned Seed);
double runDenseComplex_float(unsigned Seed);
double runDenseComplex_double(unsigned Seed);
double runMatrixFunctions(unsigned Seed);
double runSparse(unsigned Seed);
double runSpecialFunctions(unsigned Seed);
double runSpecialFunctionsLongDouble(unsigned Seed);
double runDistributions(unsigned Seed);
double runQuadrature(unsigned Seed);
double runMultiprecision(unsigned Seed);
double runGeometry(unsigned Seed);
double runGraph(unsigned Seed);
double runJson(unsigned Seed);
double runFormat(unsigned Seed);
double runParsers(unsigned Seed);
double runContainers(unsigned Seed);

} // namespace large
