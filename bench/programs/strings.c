// String processing: generate PRNG text, split it into words, sort the words
// (a quicksort of pointers by byte-wise comparison), count distinct words and
// search substrings. Only the program's own code runs, so native and Wasm
// compare compilers (strings-libc.c does the same work with strtok, qsort,
// strcmp and strstr from the C library).
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint32_t rng = 12345;
static uint32_t next(void) { rng = rng * 1103515245u + 12345u; return rng >> 8; }

// Words end in a space, newline or NUL.
static int is_end(char c) { return c == ' ' || c == '\n' || c == 0; }
static int word_cmp(const char *a, const char *b) {
  for (;; a++, b++) {
    int ea = is_end(*a), eb = is_end(*b);
    if (ea || eb) return eb - ea;
    if (*a != *b) return (unsigned char)*a - (unsigned char)*b;
  }
}

static void sort_words(char **w, long lo, long hi) {
  while (hi - lo > 12) {
    char *pivot = w[lo + (hi - lo) / 2];
    long i = lo, j = hi;
    while (i <= j) {
      while (word_cmp(w[i], pivot) < 0) i++;
      while (word_cmp(pivot, w[j]) < 0) j--;
      if (i <= j) { char *t = w[i]; w[i] = w[j]; w[j] = t; i++; j--; }
    }
    if (j - lo < hi - i) { sort_words(w, lo, j); lo = i; }
    else { sort_words(w, i, hi); hi = j; }
  }
  for (long i = lo + 1; i <= hi; i++) {
    char *x = w[i];
    long j = i;
    while (j > lo && word_cmp(x, w[j - 1]) < 0) { w[j] = w[j - 1]; j--; }
    w[j] = x;
  }
}

// Occurrences of needle in text (overlapping ones count).
static long count(const char *text, const char *needle) {
  long n = 0;
  for (const char *p = text; *p; p++) {
    if (*p != needle[0]) continue;
    const char *a = p, *b = needle;
    while (*b && *a == *b) { a++; b++; }
    n += !*b;
  }
  return n;
}

int main(int argc, char **argv) {
  int nwords = argc > 1 ? atoi(argv[1]) : 1200000;
  static const char syll[][4] = {"ka", "to", "ri", "men", "sa", "lo", "qu", "ex", "an", "ti", "bo", "ne"};
  char *text = malloc((size_t)nwords * 16 + 1), *p = text;
  for (int i = 0; i < nwords; i++) {
    int k = 1 + next() % 4;
    for (int j = 0; j < k; j++) { const char *s = syll[next() % 12]; while (*s) *p++ = *s++; }
    *p++ = (next() % 10 == 0) ? '\n' : ' ';
  }
  *p = 0;
  static const char *needles[] = {"kamen", "exant", "quloti", "bobo"};
  long found = 0;
  for (int i = 0; i < 4; i++) found += count(text, needles[i]);
  char **words = malloc(sizeof(char *) * nwords);
  int n = 0;
  for (char *q = text; *q;) {
    while (*q == ' ' || *q == '\n') q++;
    if (!*q) break;
    words[n++] = q;
    while (!is_end(*q)) q++;
  }
  sort_words(words, 0, n - 1);
  int distinct = 0;
  uint64_t h = 0;
  for (int i = 0; i < n; i++) {
    if (i == 0 || word_cmp(words[i], words[i - 1])) distinct++;
    int len = 0;
    while (!is_end(words[i][len])) len++;
    h = h * 131 + len;
  }
  // The first and last word, as the libc version prints them.
  int l0 = 0, l1 = 0;
  while (!is_end(words[0][l0])) l0++;
  while (!is_end(words[n - 1][l1])) l1++;
  printf("%d %d %ld %llu %.*s %.*s\n", n, distinct, found, (unsigned long long)h, l0, words[0], l1, words[n - 1]);
  free(words); free(text);
  return 0;
}
