// malloc-heavy: builds and frees many small nodes (a binary search tree with
// random insertions and deletions, plus short-lived strings).
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Node { uint32_t key; struct Node *l, *r; char *payload; } Node;

static uint32_t rng = 7;
static uint32_t next(void) { rng ^= rng << 13; rng ^= rng >> 17; rng ^= rng << 5; return rng; }

static Node *insert(Node *t, uint32_t k) {
  Node **p = &t;
  while (*p) {
    if (k == (*p)->key) return t;
    p = k < (*p)->key ? &(*p)->l : &(*p)->r;
  }
  Node *n = malloc(sizeof *n);
  n->key = k; n->l = n->r = NULL;
  size_t len = 8 + k % 56;
  n->payload = malloc(len);
  memset(n->payload, (int)(k & 0x7f), len);
  *p = n;
  return t;
}

static Node *erase(Node *t, uint32_t k) {
  Node **p = &t;
  while (*p && (*p)->key != k) p = k < (*p)->key ? &(*p)->l : &(*p)->r;
  if (!*p) return t;
  Node *d = *p;
  if (!d->l) *p = d->r;
  else if (!d->r) *p = d->l;
  else {
    Node **m = &d->r;
    while ((*m)->l) m = &(*m)->l;
    Node *s = *m;
    *m = s->r;
    s->l = d->l; s->r = d->r;
    *p = s;
  }
  free(d->payload);
  free(d);
  return t;
}

static uint64_t walk(Node *t) {
  uint64_t h = 0;
  while (t) {  // sum along the left spine plus recursion on the right
    h = h * 31 + t->key + (uint8_t)t->payload[0];
    h += walk(t->r);
    t = t->l;
  }
  return h;
}

static void destroy(Node *t) { if (!t) return; destroy(t->l); destroy(t->r); free(t->payload); free(t); }

int main(int argc, char **argv) {
  int ops = argc > 1 ? atoi(argv[1]) : 1500000;
  Node *t = NULL;
  for (int i = 0; i < ops; i++) {
    uint32_t k = next() % 200000;
    if (next() & 1) t = insert(t, k); else t = erase(t, k);
  }
  printf("%llu\n", (unsigned long long)walk(t));
  destroy(t);
  return 0;
}
