// Sorting: a hand-written quicksort (median of three, insertion sort for
// short ranges) that compares through a function pointer (indirect calls),
// and a stable merge sort of records by key, checked for order and
// stability. Only the program's own code runs, so native and Wasm compare
// compilers (sort-libc.c uses the C library's qsort instead).
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

typedef int (*Cmp)(uint32_t, uint32_t);
static int cmpu(uint32_t x, uint32_t y) { return (x > y) - (x < y); }
// Read at run time, so the compiler cannot inline the comparator.
static Cmp volatile comparator = cmpu;

static void swap(uint32_t *a, uint32_t *b) { uint32_t t = *a; *a = *b; *b = t; }

static void quicksort(uint32_t *v, long lo, long hi, Cmp cmp) {
  while (hi - lo > 16) {
    long mid = lo + (hi - lo) / 2;
    if (cmp(v[mid], v[lo]) < 0) swap(&v[mid], &v[lo]);
    if (cmp(v[hi], v[lo]) < 0) swap(&v[hi], &v[lo]);
    if (cmp(v[hi], v[mid]) < 0) swap(&v[hi], &v[mid]);
    uint32_t pivot = v[mid];
    long i = lo, j = hi;
    while (i <= j) {
      while (cmp(v[i], pivot) < 0) i++;
      while (cmp(pivot, v[j]) < 0) j--;
      if (i <= j) { swap(&v[i], &v[j]); i++; j--; }
    }
    // Recurse into the smaller side, loop on the larger (bounded depth).
    if (j - lo < hi - i) { quicksort(v, lo, j, cmp); lo = i; }
    else { quicksort(v, i, hi, cmp); hi = j; }
  }
  for (long i = lo + 1; i <= hi; i++) {
    uint32_t x = v[i];
    long j = i;
    while (j > lo && cmp(x, v[j - 1]) < 0) { v[j] = v[j - 1]; j--; }
    v[j] = x;
  }
}

typedef struct { uint32_t key, seq; } Rec;
static void msort(Rec *a, Rec *tmp, size_t n) {
  if (n < 16) {  // insertion sort for short runs (stable)
    for (size_t i = 1; i < n; i++) { Rec r = a[i]; size_t j = i; while (j && a[j - 1].key > r.key) { a[j] = a[j - 1]; j--; } a[j] = r; }
    return;
  }
  size_t h = n / 2;
  msort(a, tmp, h); msort(a + h, tmp, n - h);
  size_t i = 0, j = h, k = 0;
  while (i < h && j < n) tmp[k++] = a[j].key < a[i].key ? a[j++] : a[i++];
  while (i < h) tmp[k++] = a[i++];
  while (j < n) tmp[k++] = a[j++];
  for (k = 0; k < n; k++) a[k] = tmp[k];
}

int main(int argc, char **argv) {
  size_t n = argc > 1 ? (size_t)atol(argv[1]) : 1500000;
  uint32_t *v = malloc(n * 4), s = 1;
  Rec *r = malloc(n * sizeof(Rec)), *tmp = malloc(n * sizeof(Rec));
  for (size_t i = 0; i < n; i++) { s ^= s << 13; s ^= s >> 17; s ^= s << 5; v[i] = s; r[i].key = s % 1000; r[i].seq = (uint32_t)i; }
  quicksort(v, 0, (long)n - 1, comparator);
  msort(r, tmp, n);
  int ok = 1;
  uint64_t h = 0;
  for (size_t i = 1; i < n; i++) {
    if (v[i - 1] > v[i] || r[i - 1].key > r[i].key || (r[i - 1].key == r[i].key && r[i - 1].seq > r[i].seq)) ok = 0;
    h = h * 1000003 + v[i] + r[i].seq;
  }
  printf("%s %llu %u %u\n", ok ? "sorted" : "UNSORTED", (unsigned long long)h, v[n / 2], r[n / 2].seq);
  free(v); free(r); free(tmp);
  return 0;
}
