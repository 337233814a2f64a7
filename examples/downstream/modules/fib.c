// Freestanding (no WASI): the host calls fib.
__attribute__((export_name("fib"))) unsigned long long fib(unsigned n) {
  unsigned long long a = 0, b = 1;
  for (unsigned i = 0; i < n; ++i) {
    unsigned long long t = a + b;
    a = b;
    b = t;
  }
  return a;
}
