/*===- artifact.h - The .wasmaot artifact: layout and loading -----*- C -*-===*
 *
 * What `wasm-aot compile` writes: one file holding a compiled module's shared
 * library, compressed with zstd, behind a header that says what it was made
 * for. The compiler writes it, the runtime reads it; both include this
 * header.
 *
 * Layout. All integers little-endian, at fixed offsets:
 *
 *   offset size  field
 *        0    4  frame_magic      WASMAOT_ARTIFACT_FRAME_MAGIC: a zstd
 *                                 skippable frame, so that `zstd -d` skips
 *                                 the header and recovers the library
 *        4    4  frame_size       bytes of the frame after these 8
 *        8    8  magic            "WASMAOT\0"
 *       16    4  format_version   WASMAOT_ARTIFACT_FORMAT_VERSION
 *       20    4  abi_version      abi.h's WASMAOT_ABI_VERSION of the compiler
 *       24    4  opt_level        0-3
 *       28    4  flags            0 (reserved)
 *       32    8  payload_size     bytes of the zstd frame after the header
 *       40    8  library_size     bytes of the library it decompresses to
 *       48    4  payload_crc32    CRC-32 (ISO-HDLC, zlib's) of the payload
 *       52    4  header_crc32     CRC-32 of the header (these 4 bytes as 0)
 *       56   32  module_hash      BLAKE3-256 of the source .wasm
 *       88    2  compiler_version_len \
 *       90    2  llvm_version_len      |  lengths of the strings that
 *       92    2  triple_len            |  follow the fixed part, in this
 *       94    2  cpu_len               |  order, without NULs
 *       96    4  features_len         /
 *      100    4  reserved         0
 *      104       the strings: compiler version ("0.1.0"), LLVM version
 *                ("22.1.0"), target triple, CPU name, and the features the
 *                code may use: every feature enabled for the target machine
 *                (the CPU's own included), as "+name,+name,..." in LLVM's
 *                names
 *   8 + frame_size  payload: one zstd frame with the content size and
 *                content checksum set
 *
 * Integrity. Three checks, all computed without LLVM: the CRC-32 of the
 * header and that of the compressed payload, checked before anything is
 * used (zlib's crc32 in the runtime, llvm::crc32 in the compiler: the same
 * standard polynomial), and the zstd frame's own checksum of the
 * decompressed library (XXH64), which zstd checks while decompressing. They guard against damage (truncation,
 * flipped bits, a half-written file), not against an attacker: whoever can
 * write an artifact can write code.
 *
 * A change to the layout bumps WASMAOT_ARTIFACT_FORMAT_VERSION; the runtime
 * refuses versions it does not know.
 *
 *===----------------------------------------------------------------------===*/

#ifndef WASMAOT_ARTIFACT_H
#define WASMAOT_ARTIFACT_H

#include <stddef.h>
#include <stdint.h>

#include "wasmaot/wasmaot.h"

#ifdef __cplusplus
extern "C" {
#endif

#define WASMAOT_ARTIFACT_FORMAT_VERSION 1u
/* zstd reserves 0x184D2A50-0x184D2A5F for skippable frames. */
#define WASMAOT_ARTIFACT_FRAME_MAGIC 0x184D2A5Au
#define WASMAOT_ARTIFACT_MAGIC "WASMAOT" /* 8 bytes with its NUL */
#define WASMAOT_ARTIFACT_FIXED_SIZE 104u
/* Upper bound of a header (fixed part and strings): anything larger is not
 * an artifact. */
#define WASMAOT_ARTIFACT_MAX_HEADER_SIZE 65536u
#define WASMAOT_ARTIFACT_HASH_SIZE 32u
/* The usual file name extension. */
#define WASMAOT_ARTIFACT_EXTENSION ".wasmaot"

/* Offsets of the fixed part. */
enum {
  WASMAOT_ARTIFACT_OFF_FRAME_MAGIC = 0,
  WASMAOT_ARTIFACT_OFF_FRAME_SIZE = 4,
  WASMAOT_ARTIFACT_OFF_MAGIC = 8,
  WASMAOT_ARTIFACT_OFF_FORMAT_VERSION = 16,
  WASMAOT_ARTIFACT_OFF_ABI_VERSION = 20,
  WASMAOT_ARTIFACT_OFF_OPT_LEVEL = 24,
  WASMAOT_ARTIFACT_OFF_FLAGS = 28,
  WASMAOT_ARTIFACT_OFF_PAYLOAD_SIZE = 32,
  WASMAOT_ARTIFACT_OFF_LIBRARY_SIZE = 40,
  WASMAOT_ARTIFACT_OFF_PAYLOAD_CRC32 = 48,
  WASMAOT_ARTIFACT_OFF_HEADER_CRC32 = 52,
  WASMAOT_ARTIFACT_OFF_MODULE_HASH = 56,
  WASMAOT_ARTIFACT_OFF_COMPILER_VERSION_LEN = 88,
  WASMAOT_ARTIFACT_OFF_LLVM_VERSION_LEN = 90,
  WASMAOT_ARTIFACT_OFF_TRIPLE_LEN = 92,
  WASMAOT_ARTIFACT_OFF_CPU_LEN = 94,
  WASMAOT_ARTIFACT_OFF_FEATURES_LEN = 96,
  WASMAOT_ARTIFACT_OFF_STRINGS = 104
};

/* A string of the header: bytes inside the artifact (not NUL-terminated). */
typedef struct wasmaot_artifact_string {
  const char *data;
  size_t size;
} wasmaot_artifact_string;

/* A decoded header. The strings point into the bytes it was decoded from. */
typedef struct wasmaot_artifact_info {
  uint32_t format_version;
  uint32_t abi_version;
  uint32_t opt_level;
  uint32_t flags;
  uint64_t header_size; /* 8 + frame_size: where the payload starts */
  uint64_t payload_size;
  uint64_t library_size;
  uint32_t payload_crc32;
  uint32_t header_crc32;
  uint8_t module_hash[WASMAOT_ARTIFACT_HASH_SIZE];
  wasmaot_artifact_string compiler_version;
  wasmaot_artifact_string llvm_version;
  wasmaot_artifact_string triple;
  wasmaot_artifact_string cpu;
  wasmaot_artifact_string features;
} wasmaot_artifact_info;

/* Whether bytes begin like an artifact (the frame magic and magic): 1 or 0.
 * Says nothing about the rest. */
int wasmaot_artifact_sniff(const void *bytes, size_t size);

/* Decodes the header of the artifact in bytes and checks its structure: the
 * magics, a known format version, string lengths inside the header, the
 * header's CRC, the payload entirely present and nothing after it. Does not look at the
 * payload. 0, or -1 with *error. */
int wasmaot_artifact_decode(const void *bytes, size_t size,
                            wasmaot_artifact_info *info, char **error);

/* wasmaot_artifact_decode, then the payload's integrity: its CRC-32, and a
 * zstd frame of the library's size with a checksum. Does not decompress it
 * (zstd checks the library's own checksum when loading). 0, or -1 with
 * *error. */
int wasmaot_artifact_verify(const void *bytes, size_t size,
                            wasmaot_artifact_info *info, char **error);

/* Whether this runtime can run what the header describes: the same ABI
 * version, the host's architecture and OS in the triple, and every feature
 * the code may use present on this CPU (x86-64: those the runtime can ask
 * the CPU about; others are not checked). 0, or -1 with *error. */
int wasmaot_artifact_check_host(const wasmaot_artifact_info *info,
                                char **error);

/* Whether the host CPU has the feature of LLVM name `name` ("avx2",
 * "sse4.1"): 1, 0, or -1 if the runtime cannot tell. */
int wasmaot_host_cpu_has(const char *name);

/* Loads the artifact at path, or in bytes[0, size): decode, check_host,
 * the payload's CRC, then the library decompressed into an anonymous memory
 * file (Linux memfd, dlopen'ed through /proc/self/fd/N and kept open while
 * the module is loaded) or, where that is unavailable, into a private
 * temporary file removed once loaded. Nothing of the library runs before
 * every check passed. Each call gives an independent module. NULL with
 * *error on any failure (see wasmaot_module_load for the library's own
 * checks). The bytes need only live during the call. */
wasmaot_module *wasmaot_module_load_artifact(const char *path, char **error);
wasmaot_module *wasmaot_module_load_artifact_from_memory(const void *bytes,
                                                         size_t size,
                                                         char **error);

#ifdef __cplusplus
}
#endif

#endif /* WASMAOT_ARTIFACT_H */
