/* stdio.c - Standard streams: reads stdin (lines and raw bytes), writes
 * to stdout and stderr. */

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void) {
  char line[256];
  int lines = 0;
  size_t bytes = 0;
  while (fgets(line, sizeof line, stdin)) {
    ++lines;
    bytes += strlen(line);
    for (char *c = line; *c; ++c)
      *c = (char)toupper((unsigned char)*c);
    fputs(line, stdout);
    if (lines % 2 == 0)
      fprintf(stderr, "line %d on stderr\n", lines);
  }
  printf("lines %d bytes %zu eof %d\n", lines, bytes, feof(stdin));
  char c;
  printf("read after eof: %zd\n", read(0, &c, 1));
  printf("isatty(1) %d\n", isatty(1));
  fflush(stdout);
  write(1, "raw write\n", 10);
  write(2, "raw stderr\n", 11);
  fprintf(stdout, "%5.2f|%-6s|%x|%lld\n", 3.14159, "ab", 255, -1234567890123ll);
  return 0;
}
