// JSON-ish parsing: generate a document of nested objects/arrays/strings/
// numbers, then parse it repeatedly with a recursive-descent parser that
// sums numbers, counts keys and hashes strings.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t rng = 2024;
static uint32_t next(void) { rng = rng * 1664525u + 1013904223u; return rng >> 9; }
static char *out;
static void emit(const char *s) { while (*s) *out++ = *s++; }

static void gen(int depth) {
  uint32_t r = next() % 10;
  if (depth > 4 || r < 4) {
    char tmp[32];
    if (r % 2) { snprintf(tmp, sizeof tmp, "%d.%02u", (int)(next() % 20000) - 10000, next() % 100); emit(tmp); }
    else { emit("\"s"); snprintf(tmp, sizeof tmp, "%u\\n%u", next() % 1000, next() % 77); emit(tmp); emit("\""); }
  } else if (r < 7) {
    int n = 1 + next() % 6;
    emit("[");
    for (int i = 0; i < n; i++) { if (i) emit(", "); gen(depth + 1); }
    emit("]");
  } else {
    int n = 1 + next() % 6;
    emit("{");
    for (int i = 0; i < n; i++) {
      char tmp[32];
      if (i) emit(",\n");
      snprintf(tmp, sizeof tmp, "\"key%u\": ", next() % 50); emit(tmp);
      gen(depth + 1);
    }
    emit("}");
  }
}

typedef struct { const char *p; double sum; long keys; uint32_t h; } P;
static void ws(P *p) { while (*p->p == ' ' || *p->p == '\n' || *p->p == '\t') p->p++; }
static void value(P *p);
static void string(P *p, int is_key) {
  p->p++;  // opening quote
  while (*p->p != '"') {
    char c = *p->p++;
    if (c == '\\') { c = *p->p++; if (c == 'n') c = '\n'; }
    p->h = (p->h ^ (uint8_t)c) * 16777619u;
  }
  p->p++;
  if (is_key) p->keys++;
}
static void value(P *p) {
  ws(p);
  char c = *p->p;
  if (c == '{') {
    p->p++; ws(p);
    while (*p->p != '}') { ws(p); string(p, 1); ws(p); p->p++; /* ':' */ value(p); ws(p); if (*p->p == ',') p->p++; ws(p); }
    p->p++;
  } else if (c == '[') {
    p->p++; ws(p);
    while (*p->p != ']') { value(p); ws(p); if (*p->p == ',') p->p++; ws(p); }
    p->p++;
  } else if (c == '"') {
    string(p, 0);
  } else {
    // Numbers by hand (strtod would dominate the profile).
    int neg = 0; double v = 0, scale = 1;
    if (*p->p == '-') { neg = 1; p->p++; }
    while (*p->p >= '0' && *p->p <= '9') v = v * 10 + (*p->p++ - '0');
    if (*p->p == '.') { p->p++; while (*p->p >= '0' && *p->p <= '9') { scale /= 10; v += scale * (*p->p++ - '0'); } }
    p->sum += neg ? -v : v;
  }
}

int main(int argc, char **argv) {
  int reps = argc > 1 ? atoi(argv[1]) : 60;
  char *doc = malloc(8 << 20);
  out = doc;
  emit("[");
  for (int i = 0; i < 3000; i++) { if (i) emit(",\n"); gen(0); }
  emit("]");
  *out = 0;
  P p = {0};
  for (int r = 0; r < reps; r++) { p.p = doc; value(&p); }
  printf("%zu %.2f %ld %u\n", strlen(doc), p.sum, p.keys, p.h);
  free(doc);
  return 0;
}
