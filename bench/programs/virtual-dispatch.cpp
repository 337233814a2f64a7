// Indirect-call-heavy: C++ virtual calls over a mixed array of shapes plus a
// table of function pointers chosen by a PRNG (call_indirect in wasm).
#include <cstdint>
#include <cstdio>
#include <cstdlib>

struct Shape {
  virtual ~Shape() {}
  virtual double area() const = 0;
  virtual void scale(double k) = 0;
};
struct Square : Shape {
  double s;
  explicit Square(double s) : s(s) {}
  double area() const override { return s * s; }
  void scale(double k) override { s *= k; }
};
struct Rect : Shape {
  double w, h;
  Rect(double w, double h) : w(w), h(h) {}
  double area() const override { return w * h; }
  void scale(double k) override { w *= k; h /= k; }
};
struct Tri : Shape {
  double b, h;
  Tri(double b, double h) : b(b), h(h) {}
  double area() const override { return 0.5 * b * h; }
  void scale(double k) override { b *= k; h *= k; h /= k; b /= k; }
};
struct Circle : Shape {
  double r;
  explicit Circle(double r) : r(r) {}
  double area() const override { return 3.14159265358979 * r * r; }
  void scale(double k) override { r = r * k / k; }
};

typedef uint32_t (*Op)(uint32_t, uint32_t);
__attribute__((noinline)) static uint32_t op_add(uint32_t a, uint32_t b) { return a + b; }
__attribute__((noinline)) static uint32_t op_xor(uint32_t a, uint32_t b) { return a ^ b; }
__attribute__((noinline)) static uint32_t op_mul(uint32_t a, uint32_t b) { return a * (b | 1); }
__attribute__((noinline)) static uint32_t op_rot(uint32_t a, uint32_t b) { return (a << (b & 31)) | (a >> ((32 - b) & 31)); }
__attribute__((noinline)) static uint32_t op_sub(uint32_t a, uint32_t b) { return a - b; }
__attribute__((noinline)) static uint32_t op_min(uint32_t a, uint32_t b) { return a < b ? a + 7 : b + 3; }
__attribute__((noinline)) static uint32_t op_and(uint32_t a, uint32_t b) { return (a & b) + 0x9e3779b9u; }
__attribute__((noinline)) static uint32_t op_shr(uint32_t a, uint32_t b) { return a + (b >> 3); }
static Op volatile_table[8] = {op_add, op_xor, op_mul, op_rot, op_sub, op_min, op_and, op_shr};

int main(int argc, char **argv) {
  int rounds = argc > 1 ? atoi(argv[1]) : 2000;
  const int n = 10000;
  Shape **shapes = new Shape *[n];
  uint32_t s = 42;
  for (int i = 0; i < n; i++) {
    s = s * 1664525u + 1013904223u;
    double v = 1.0 + (s >> 20) % 100 / 10.0;
    switch ((s >> 8) & 3) {
      case 0: shapes[i] = new Square(v); break;
      case 1: shapes[i] = new Rect(v, v + 1); break;
      case 2: shapes[i] = new Tri(v, 2 * v); break;
      default: shapes[i] = new Circle(v); break;
    }
  }
  double total = 0;
  uint32_t acc = 1;
  Op *table = volatile_table;
  for (int r = 0; r < rounds; r++) {
    for (int i = 0; i < n; i++) {
      total += shapes[i]->area();
      shapes[i]->scale(r & 1 ? 0.5 : 2.0);
      s = s * 1664525u + 1013904223u;
      acc = table[s >> 29](acc, s);
    }
  }
  printf("%.6f %u\n", total, acc);
  for (int i = 0; i < n; i++) delete shapes[i];
  delete[] shapes;
  return 0;
}
