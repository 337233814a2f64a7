// A WASI test bundle that exits with the status its first argument gives:
// shows that wasm_aot_add_test's verdict is the bundle's exit code.
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  int status = argc > 1 ? atoi(argv[1]) : 0;
  printf("exiting with %d\n", status);
  return status;
}
