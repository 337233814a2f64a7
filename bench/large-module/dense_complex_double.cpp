#include "dense.h"

double large::runDenseComplex_double(unsigned Seed) {
  Rng R(Seed);
  return dense::complexSizes<std::complex<double>>(R);
}
