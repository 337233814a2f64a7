#!/usr/bin/env python3
"""Writes valid modules whose validation time grows quadratically with size.

    test/fuzz/gen-slow-inputs.py OUTDIR [SCALE]

SCALE 1 gives ~64 KiB modules (libFuzzer's -max_len); each step multiplies
both dimensions, so the work grows with SCALE**2. Every module is valid: a
fix must make them fast, or reject them through an implementation limit
(params/results, as V8 and wasm-tools cap them at 1000).

  brtable.wasm  br_table with T targets to a label of K results: the
                validator peeks K types per target (O(K*T)).
  blocks.wasm   T blocks of type [i32 x K] -> [i32 x K]: each pops and
                pushes K values and compares K types at `end` (O(K*T)).
  calls.wasm    T calls of a function with K params (O(K*T)); K is capped
                by the 50000-locals limit, since params are locals.
"""
import os
import sys


def uleb(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def section(ident, body):
    return bytes([ident]) + uleb(len(body)) + body


def vec(items):
    return uleb(len(items)) + b"".join(items)


def functype(params, results):
    return (b"\x60" + vec([bytes([p]) for p in params]) +
            vec([bytes([r]) for r in results]))


def module(types, funcs, bodies):
    return (b"\x00asm\x01\x00\x00\x00" + section(1, vec(types)) +
            section(3, vec([uleb(f) for f in funcs])) +
            section(10, vec([uleb(len(b)) + b for b in bodies])))


I32 = 0x7F


def brtable(k, t):
    # (func (result i32 x K) unreachable
    #   (block (result i32 x K) (br_table 0 0 ... 0 (unreachable))))
    body = (b"\x00" + b"\x00" + b"\x02" + uleb(1) + b"\x00" + b"\x0e" +
            uleb(t) + b"\x00" * t + b"\x00" + b"\x0b" + b"\x0b")
    return module([functype([], []), functype([], [I32] * k)], [1], [body])


def blocks(k, t):
    # (func (result i32 x K) unreachable (block (type 1)) x T)
    body = b"\x00" + b"\x00" + b"\x02\x01\x0b" * t + b"\x0b"
    return module([functype([], []), functype([I32] * k, [I32] * k),
                   functype([], [I32] * k)], [2], [body])


def calls(k, t):
    # (func (param i32 x K) unreachable (call 0) x T)
    body = b"\x00" + b"\x00" + b"\x10\x00" * t + b"\x0b"
    return module([functype([I32] * k, [])], [0], [body])


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    scale = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    os.makedirs(out, exist_ok=True)
    modules = {
        "brtable.wasm": brtable(32000 * scale, 32000 * scale),
        "blocks.wasm": blocks(20000 * scale, 10000 * scale),
        "calls.wasm": calls(min(30000 * scale, 49000), 17000 * scale),
    }
    for name, data in modules.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
        print(f"{name}: {len(data)} bytes")


if __name__ == "__main__":
    main()
