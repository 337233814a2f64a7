// Links the installed runtime: prints its version and whether a file is an
// artifact (the loader is there without LLVM).
#include <stdio.h>

#include <wasmaot/artifact.h>
#include <wasmaot/wasmaot.h>

int main(void) {
  static const char not_an_artifact[] = "\0asm\1\0\0\0";
  printf("runtime %s, sniff %d\n", wasmaot_version(),
         wasmaot_artifact_sniff(not_an_artifact, sizeof not_an_artifact - 1));
  return 0;
}
