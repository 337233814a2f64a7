// guest.c - The module examples/host/host.c runs: a WASI reactor (no main;
// the host calls _initialize, then exports) that counts words in text the
// host writes into its memory, prints through WASI and reports each count
// to the host through an import.
#include <stdio.h>
#include <stdlib.h>

// Provided by the host (module "env").
__attribute__((import_module("env"), import_name("report"))) void
report(int words, int bytes);

__attribute__((export_name("alloc"))) char *alloc(int size) {
  return malloc((size_t)size);
}

__attribute__((export_name("word_count"))) int word_count(const char *text,
                                                          int size) {
  int words = 0;
  int in_word = 0;
  for (int i = 0; i < size; ++i) {
    int space = text[i] == ' ' || text[i] == '\n' || text[i] == '\t';
    words += !space && !in_word;
    in_word = !space;
  }
  printf("guest: %d words in %d bytes\n", words, size);
  fflush(stdout);
  report(words, size);
  return words;
}

// Reads past the end of memory: the host sees a trap, not a crash.
__attribute__((export_name("overrun"))) int overrun(void) {
  volatile const char *far = (const char *)0xFFFFFFF0u;
  return *far;
}
