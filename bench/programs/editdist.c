// Dynamic programming: Levenshtein edit distance between PRNG strings with
// two rolling rows, and a longest-common-subsequence table.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static int lev(const char *a, int n, const char *b, int m, int *prev, int *cur) {
  for (int j = 0; j <= m; j++) prev[j] = j;
  for (int i = 1; i <= n; i++) {
    cur[0] = i;
    for (int j = 1; j <= m; j++) {
      int d = prev[j - 1] + (a[i - 1] != b[j - 1]);
      int x = prev[j] + 1, y = cur[j - 1] + 1;
      cur[j] = d < x ? (d < y ? d : y) : (x < y ? x : y);
    }
    int *t = prev; prev = cur; cur = t;
  }
  return prev[m];
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 16000;
  char *a = malloc(n), *b = malloc(n);
  uint32_t s = 77;
  for (int i = 0; i < n; i++) {
    s = s * 1664525u + 1013904223u;
    a[i] = 'a' + (s >> 24) % 4;
    b[i] = (s >> 8) % 5 ? a[i] : 'a' + (s >> 16) % 4;  // b is a mutated copy of a
  }
  int *p = malloc((n + 1) * sizeof(int)), *c = malloc((n + 1) * sizeof(int));
  int d1 = lev(a, n, b, n, p, c);
  int d2 = lev(a, n / 2, b + n / 2, n / 2, p, c);
  // LCS with a full table of 16-bit entries over shorter prefixes.
  int m = n / 3;
  uint16_t *t = calloc((size_t)(m + 1) * (m + 1), 2);
  for (int i = 1; i <= m; i++)
    for (int j = 1; j <= m; j++) {
      uint16_t *r = t + (size_t)i * (m + 1), *q = r - (m + 1);
      r[j] = a[i - 1] == b[j - 1] ? q[j - 1] + 1 : (q[j] > r[j - 1] ? q[j] : r[j - 1]);
    }
  printf("%d %d %d\n", d1, d2, t[(size_t)m * (m + 1) + m]);
  return 0;
}
