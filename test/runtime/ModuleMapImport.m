// Imports the runtime as a Clang module (module.modulemap), as Swift does.
@import WasmAOT;
int main(void) {
  wasmaot_wasi_config config;
  wasmaot_wasi_config_init(&config);
  return wasmaot_version()[0] == 0 && WASMAOT_ABI_VERSION > 0;
}
