// String processing through the C library: generate PRNG text, tokenise it
// with strtok, sort the words with qsort+strcmp, count distinct words and
// search substrings with strstr. (strings.c does the same without libc.)
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t rng = 12345;
static uint32_t next(void) { rng = rng * 1103515245u + 12345u; return rng >> 8; }
static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

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
  // Count occurrences of a few needles before tokenising (strtok edits the text).
  static const char *needles[] = {"kamen", "exant", "quloti", "bobo"};
  long found = 0;
  for (int i = 0; i < 4; i++)
    for (const char *q = text; (q = strstr(q, needles[i])); q++) found++;
  char **words = malloc(sizeof(char *) * nwords);
  int n = 0;
  for (char *w = strtok(text, " \n"); w; w = strtok(NULL, " \n")) words[n++] = w;
  qsort(words, n, sizeof(char *), cmp);
  int distinct = 0;
  uint64_t h = 0;
  for (int i = 0; i < n; i++) {
    if (i == 0 || strcmp(words[i], words[i - 1])) distinct++;
    h = h * 131 + strlen(words[i]);
  }
  printf("%d %d %ld %llu %s %s\n", n, distinct, found, (unsigned long long)h, words[0], words[n - 1]);
  free(words); free(text);
  return 0;
}
