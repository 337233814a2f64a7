// A WASI test bundle: checks its arguments, environment and the directory it
// was given, and exits with the number of failed checks (0: the test passes).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

static void check(int ok, const char *what) {
  printf("%s: %s\n", ok ? "ok" : "FAIL", what);
  failures += !ok;
}

int main(int argc, char **argv) {
  check(argc == 2 && strcmp(argv[1], "expected-arg") == 0, "argument");
  const char *mode = getenv("SELFTEST_MODE");
  check(mode && strcmp(mode, "strict") == 0, "environment");
  FILE *f = fopen("/data/input.txt", "r");
  char line[64] = "";
  check(f && fgets(line, sizeof line, f) && strcmp(line, "42\n") == 0,
        "file in the preopened directory");
  if (f)
    fclose(f);
  return failures;
}
