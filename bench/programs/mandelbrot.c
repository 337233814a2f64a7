// Floating-point: a Mandelbrot set render (escape-time iteration, data-
// dependent loop exits), checksummed.
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  int size = argc > 1 ? atoi(argv[1]) : 1600;
  const int maxit = 200;
  unsigned long long total = 0, hash = 0;
  for (int py = 0; py < size; py++) {
    double ci = -1.25 + 2.5 * py / size;
    for (int px = 0; px < size; px++) {
      double cr = -2.0 + 2.5 * px / size, zr = 0, zi = 0;
      int it = 0;
      while (it < maxit && zr * zr + zi * zi <= 4.0) {
        double t = zr * zr - zi * zi + cr;
        zi = 2.0 * zr * zi + ci;
        zr = t;
        it++;
      }
      total += it;
      hash = hash * 31 + it;
    }
  }
  printf("%llu %llu\n", total, hash);
  return 0;
}
