// Call-heavy: naive doubly recursive Fibonacci plus Ackermann (deep
// recursion, tiny function bodies).
#include <stdio.h>
#include <stdlib.h>

__attribute__((noinline)) static unsigned fib(unsigned n) {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

__attribute__((noinline)) static unsigned ack(unsigned m, unsigned n) {
  if (m == 0) return n + 1;
  if (n == 0) return ack(m - 1, 1);
  return ack(m - 1, ack(m, n - 1));
}

int main(int argc, char **argv) {
  unsigned n = argc > 1 ? (unsigned)atoi(argv[1]) : 41;
  unsigned f = fib(n);
  unsigned a = ack(2, 2000) + ack(3, 7);
  printf("%u %u\n", f, a);
  return 0;
}
