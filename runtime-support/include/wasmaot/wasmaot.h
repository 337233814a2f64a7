/*===- wasmaot.h - The WasmAOT runtime C API ----------------------*- C -*-===*
 *
 * The host-facing API of runtime-support: small, stable, free of LLVM, usable
 * from C, C++ and Swift. Loading, instantiation and calls arrive with the
 * code generation work; the generated-code ABI will live in wasmaot/abi.h.
 *
 *===----------------------------------------------------------------------===*/

#ifndef WASMAOT_WASMAOT_H
#define WASMAOT_WASMAOT_H

#ifdef __cplusplus
extern "C" {
#endif

/* The runtime's version, "MAJOR.MINOR.PATCH". */
const char *wasmaot_version(void);

#ifdef __cplusplus
}
#endif

#endif /* WASMAOT_WASMAOT_H */
