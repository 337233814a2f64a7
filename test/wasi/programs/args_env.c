/* args_env.c - Arguments and environment. argv[0] is the program's name,
 * which differs between the runs: not printed. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

static int compare(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv) {
  printf("argc %d\n", argc);
  for (int i = 1; i < argc; ++i)
    printf("argv[%d] = [%s] (%zu bytes)\n", i, argv[i], strlen(argv[i]));
  printf("argv[argc] is %s\n", argv[argc] ? "set" : "NULL");
  int n = 0;
  while (environ[n])
    ++n;
  qsort(environ, n, sizeof environ[0], compare);
  printf("environ: %d\n", n);
  for (int i = 0; i < n; ++i)
    printf("  %s\n", environ[i]);
  const char *v = getenv("GREETING");
  printf("getenv GREETING = %s\n", v ? v : "(unset)");
  printf("getenv MISSING = %s\n", getenv("MISSING") ? "set" : "(unset)");
  setenv("ADDED", "yes", 1);
  printf("after setenv: %s\n", getenv("ADDED"));
  return 0;
}
