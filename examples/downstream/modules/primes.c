// Freestanding (no WASI): the primes below n, by trial division.
__attribute__((export_name("count_primes"))) int count_primes(int n) {
  int count = 0;
  for (int k = 2; k < n; ++k) {
    int prime = 1;
    for (int d = 2; d * d <= k; ++d)
      if (k % d == 0) {
        prime = 0;
        break;
      }
    count += prime;
  }
  return count;
}
