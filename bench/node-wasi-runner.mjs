// Runs a WASI (preview1) command module under node's V8, for bench/run.sh.
//   node [--no-wasm-lazy-compilation --no-liftoff] node-wasi-runner.mjs m.wasm ARGS...
//   node ... node-wasi-runner.mjs --compile-only m.wasm   (prints compile seconds)
// The run mode's time includes V8's compile of the module (there is no cache).
import { readFileSync } from 'node:fs';
import { WASI } from 'node:wasi';
import { argv, exit, hrtime } from 'node:process';

const args = argv.slice(2);
if (args[0] === '--compile-only') {
  const bytes = readFileSync(args[1]);
  const t0 = hrtime.bigint();
  await WebAssembly.compile(bytes);
  console.log((Number(hrtime.bigint() - t0) / 1e9).toFixed(3));
  exit(0);
}
const wasi = new WASI({ version: 'preview1', args, env: {}, returnOnExit: true });
const module = await WebAssembly.compile(readFileSync(args[0]));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
exit(wasi.start(instance));
