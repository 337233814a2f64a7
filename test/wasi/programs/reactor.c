/* reactor.c - A WASI reactor (no _start): wasm-aot run --invoke calls its
 * _initialize (which runs the constructor) and then the export. */

#include <stdio.h>
#include <stdlib.h>

__attribute__((constructor)) static void init(void) { printf("initialized\n"); }

__attribute__((export_name("twice"))) int twice(int x) {
  printf("twice %d\n", x);
  fflush(stdout);
  return 2 * x;
}

__attribute__((export_name("leave"))) void leave(int code) {
  printf("leaving with %d\n", code);
  exit(code);
}
