#include "dense.h"

double large::runDense_float(unsigned Seed) {
  Rng R(Seed);
  return dense::realSizes<float>(R);
}
