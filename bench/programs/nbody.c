// Floating-point kernel: an n-body simulation (sqrt, divides, f64 arithmetic
// on a small array of structs).
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define NB 5
typedef struct { double x, y, z, vx, vy, vz, m; } Body;

static double energy(const Body *b) {
  double e = 0;
  for (int i = 0; i < NB; i++) {
    e += 0.5 * b[i].m * (b[i].vx * b[i].vx + b[i].vy * b[i].vy + b[i].vz * b[i].vz);
    for (int j = i + 1; j < NB; j++) {
      double dx = b[i].x - b[j].x, dy = b[i].y - b[j].y, dz = b[i].z - b[j].z;
      e -= b[i].m * b[j].m / sqrt(dx * dx + dy * dy + dz * dz);
    }
  }
  return e;
}

int main(int argc, char **argv) {
  int steps = argc > 1 ? atoi(argv[1]) : 5000000;
  // Arbitrary starting state (a heavy body and four lighter ones).
  Body b[NB] = {
      {0, 0, 0, 0, 0, 0, 39.47},
      {4.84, -1.16, -0.10, 0.606, 2.81, -0.025, 0.037},
      {8.34, 4.12, -0.40, -1.01, 1.82, 0.008, 0.011},
      {12.89, -15.11, -0.22, 1.08, 0.868, -0.010, 0.0017},
      {15.37, -25.91, 0.17, 0.979, 0.594, -0.034, 0.0020},
  };
  double before = energy(b), dt = 0.001;
  for (int s = 0; s < steps; s++) {
    for (int i = 0; i < NB; i++)
      for (int j = i + 1; j < NB; j++) {
        double dx = b[i].x - b[j].x, dy = b[i].y - b[j].y, dz = b[i].z - b[j].z;
        double d2 = dx * dx + dy * dy + dz * dz;
        double mag = dt / (d2 * sqrt(d2));
        b[i].vx -= dx * b[j].m * mag; b[i].vy -= dy * b[j].m * mag; b[i].vz -= dz * b[j].m * mag;
        b[j].vx += dx * b[i].m * mag; b[j].vy += dy * b[i].m * mag; b[j].vz += dz * b[i].m * mag;
      }
    for (int i = 0; i < NB; i++) {
      b[i].x += dt * b[i].vx; b[i].y += dt * b[i].vy; b[i].z += dt * b[i].vz;
    }
  }
  printf("%.9f %.9f\n", before, energy(b));
  return 0;
}
