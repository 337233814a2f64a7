/* trap.c - Output, then a trap: wasm-aot run must print what was written
 * before, report the trap and exit with 134. Only for WASI. */

#include <stdio.h>

int main(void) {
  printf("before the trap\n");
  fflush(stdout);
  __builtin_trap();
}
