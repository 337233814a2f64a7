// Sorting through the C library: libc qsort with a comparator (indirect
// calls) and a hand-written stable merge sort of records by key, checked for
// order and stability. (sort.c is the same work without libc's qsort.)
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct { uint32_t key, seq; } Rec;
static int cmpu(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return (x > y) - (x < y);
}
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
  memcpy(a, tmp, n * sizeof(Rec));
}

int main(int argc, char **argv) {
  size_t n = argc > 1 ? (size_t)atol(argv[1]) : 1500000;
  uint32_t *v = malloc(n * 4), s = 1;
  Rec *r = malloc(n * sizeof(Rec)), *tmp = malloc(n * sizeof(Rec));
  for (size_t i = 0; i < n; i++) { s ^= s << 13; s ^= s >> 17; s ^= s << 5; v[i] = s; r[i].key = s % 1000; r[i].seq = (uint32_t)i; }
  qsort(v, n, 4, cmpu);
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
