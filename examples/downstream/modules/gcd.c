// Freestanding (no WASI): Euclid's algorithm.
__attribute__((export_name("gcd"))) int gcd(int a, int b) {
  while (b != 0) {
    int t = a % b;
    a = b;
    b = t;
  }
  return a;
}
