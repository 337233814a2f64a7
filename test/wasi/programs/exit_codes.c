/* exit_codes.c - How a program ends: exit_codes MODE CODE, MODE one of
 * return, exit (atexit handlers and stdio flushed), _Exit (neither). */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void handler(void) { printf("atexit handler ran\n"); }

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: exit_codes return|exit|_Exit CODE\n");
    return 2;
  }
  atexit(handler);
  int code = atoi(argv[2]);
  printf("buffered output before %s %d\n", argv[1], code);
  fprintf(stderr, "stderr is unbuffered\n");
  if (!strcmp(argv[1], "exit"))
    exit(code);
  if (!strcmp(argv[1], "_Exit")) {
    fflush(stdout);
    printf("this line is lost\n");
    _Exit(code);
  }
  return code;
}
