// Switch-dispatch bytecode interpreter: a small stack machine running a
// loop-heavy program (nested loops, arithmetic, a memory array).
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

enum { PUSH, LOAD, STORE, ADD, SUB, MUL, MOD, LT, JZ, JMP, DUP, POP, AGET, ASET, XOR, SHR, HALT };

static int64_t run(const int32_t *code, int64_t *vars, int64_t *arr) {
  int64_t stack[64];
  int sp = 0, pc = 0;
  for (;;) {
    int32_t op = code[pc++];
    switch (op) {
      case PUSH: stack[sp++] = code[pc++]; break;
      case LOAD: stack[sp++] = vars[code[pc++]]; break;
      case STORE: vars[code[pc++]] = stack[--sp]; break;
      case ADD: sp--; stack[sp - 1] += stack[sp]; break;
      case SUB: sp--; stack[sp - 1] -= stack[sp]; break;
      case MUL: sp--; stack[sp - 1] *= stack[sp]; break;
      case MOD: sp--; stack[sp - 1] %= stack[sp]; break;
      case LT: sp--; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
      case JZ: { int32_t t = code[pc++]; if (!stack[--sp]) pc = t; break; }
      case JMP: pc = code[pc]; break;
      case DUP: stack[sp] = stack[sp - 1]; sp++; break;
      case POP: sp--; break;
      case AGET: stack[sp - 1] = arr[stack[sp - 1] & 1023]; break;
      case ASET: sp -= 2; arr[stack[sp + 1] & 1023] = stack[sp]; break;
      case XOR: sp--; stack[sp - 1] ^= stack[sp]; break;
      case SHR: sp--; stack[sp - 1] = (int64_t)((uint64_t)stack[sp - 1] >> (stack[sp] & 63)); break;
      case HALT: return vars[2];
      default: return -1;
    }
  }
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 4000000;
  // vars: 0 = i, 1 = n, 2 = acc, 3 = t
  // for (i = 0; i < n; i++) { t = arr[i] + acc*31 + i; arr[i+7] = t ^ (t >> 5); acc = (acc + t) % 1000000007; }
  int32_t code[] = {
      PUSH, 0, STORE, 0,                       // 0: i = 0
      LOAD, 0, LOAD, 1, LT, JZ, 60,            // 4: while (i < n)
      LOAD, 0, AGET, LOAD, 2, PUSH, 31, MUL, ADD, LOAD, 0, ADD, STORE, 3,  // 11: t = ...
      LOAD, 3, LOAD, 3, PUSH, 5, SHR, XOR, LOAD, 0, PUSH, 7, ADD, ASET,    // 25: arr[i+7] = ...
      LOAD, 2, LOAD, 3, ADD, PUSH, 1000000007, MOD, STORE, 2,              // 39: acc = ...
      LOAD, 0, PUSH, 1, ADD, STORE, 0, JMP, 4,                              // 49: i++
      HALT,                                                                 // 58 (padding below)
      HALT, HALT};
  // The JZ target must be the HALT: compute it rather than trusting the literal.
  int halt = 0;
  for (int i = 0; i < (int)(sizeof code / sizeof code[0]); i++) if (code[i] == JMP && code[i + 1] == 4) { halt = i + 2; break; }
  code[10] = halt;
  int64_t vars[4] = {0, n, 1, 0};
  int64_t *arr = calloc(1024, sizeof(int64_t));
  int64_t r = run(code, vars, arr);
  int64_t x = 0;
  for (int i = 0; i < 1024; i++) x ^= arr[i] * (i + 1);
  printf("%lld %lld\n", (long long)r, (long long)x);
  free(arr);
  return 0;
}
