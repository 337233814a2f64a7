#include "dense.h"

double large::runDenseComplex_float(unsigned Seed) {
  Rng R(Seed);
  return dense::complexSizes<std::complex<float>>(R);
}
