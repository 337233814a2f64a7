#include "dense.h"

double large::runDense_double(unsigned Seed) {
  Rng R(Seed);
  return dense::realSizes<double>(R);
}
