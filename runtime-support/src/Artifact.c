/*===- Artifact.c - Loading .wasmaot artifacts ----------------------------===*
 *
 * An artifact (wasmaot/artifact.h) is checked completely before anything of
 * it is mapped executable: its header's structure, the ABI, target and CPU
 * features it needs, the CRC of its payload; zstd then checks the
 * decompressed library against the frame's checksum. The library goes into
 * a memfd, so it never touches the disk, and is dlopen'ed through
 * /proc/self/fd/N. glibc recognises a loaded library by its path (and file
 * identity), and fd numbers are reused once closed, so the module keeps its
 * memfd open until it is dlclose'd (Module.c). Without memfds or /proc, the
 * library goes to a private temporary file that is unlinked once loaded.
 *
 *===----------------------------------------------------------------------===*/

#define _GNU_SOURCE
#include "wasmaot/artifact.h"

#include "Artifact.h"
#include "Error.h"
#include "Module.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define ZSTD_STATIC_LINKING_ONLY /* ZSTD_getFrameHeader */
#include <zstd.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

/* ---- The header ---- */

static uint16_t read16(const uint8_t *p) {
  return (uint16_t)(p[0] | p[1] << 8);
}
static uint32_t read32(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
         (uint32_t)p[3] << 24;
}
static uint64_t read64(const uint8_t *p) {
  return (uint64_t)read32(p) | (uint64_t)read32(p + 4) << 32;
}

int wasmaot_artifact_sniff(const void *bytes, size_t size) {
  const uint8_t *p = bytes;
  return bytes && size >= 16 &&
         read32(p + WASMAOT_ARTIFACT_OFF_FRAME_MAGIC) ==
             WASMAOT_ARTIFACT_FRAME_MAGIC &&
         memcmp(p + WASMAOT_ARTIFACT_OFF_MAGIC, WASMAOT_ARTIFACT_MAGIC, 8) == 0;
}

int wasmaot_artifact_decode(const void *bytes, size_t size,
                            wasmaot_artifact_info *info, char **error) {
  if (error)
    *error = NULL;
  if (!info) {
    wasmaot_set_error(error, "no header to fill");
    return -1;
  }
  memset(info, 0, sizeof *info);
  if (!bytes || size == 0) {
    wasmaot_set_error(error, "not a WasmAOT artifact (empty)");
    return -1;
  }
  if (!wasmaot_artifact_sniff(bytes, size)) {
    wasmaot_set_error(error, "not a WasmAOT artifact (bad magic)");
    return -1;
  }
  const uint8_t *p = bytes;
  info->format_version = read32(p + WASMAOT_ARTIFACT_OFF_FORMAT_VERSION);
  if (info->format_version != WASMAOT_ARTIFACT_FORMAT_VERSION) {
    wasmaot_set_error(error,
                      "artifact format version %u, this runtime reads "
                      "version %u: recompile it",
                      info->format_version, WASMAOT_ARTIFACT_FORMAT_VERSION);
    return -1;
  }
  if (size < WASMAOT_ARTIFACT_FIXED_SIZE) {
    wasmaot_set_error(error,
                      "truncated artifact (%zu bytes, the header "
                      "alone has %u)",
                      size, WASMAOT_ARTIFACT_FIXED_SIZE);
    return -1;
  }
  uint64_t header_size =
      8 + (uint64_t)read32(p + WASMAOT_ARTIFACT_OFF_FRAME_SIZE);
  uint64_t lengths[5] = {read16(p + WASMAOT_ARTIFACT_OFF_COMPILER_VERSION_LEN),
                         read16(p + WASMAOT_ARTIFACT_OFF_LLVM_VERSION_LEN),
                         read16(p + WASMAOT_ARTIFACT_OFF_TRIPLE_LEN),
                         read16(p + WASMAOT_ARTIFACT_OFF_CPU_LEN),
                         read32(p + WASMAOT_ARTIFACT_OFF_FEATURES_LEN)};
  uint64_t strings = 0;
  for (int i = 0; i < 5; ++i)
    strings += lengths[i];
  if (header_size > WASMAOT_ARTIFACT_MAX_HEADER_SIZE ||
      header_size != WASMAOT_ARTIFACT_OFF_STRINGS + strings) {
    wasmaot_set_error(error, "corrupt artifact header (size %llu)",
                      (unsigned long long)header_size);
    return -1;
  }
  if (size < header_size) {
    wasmaot_set_error(error,
                      "truncated artifact (%zu bytes, the header has "
                      "%llu)",
                      size, (unsigned long long)header_size);
    return -1;
  }
  /* The header's CRC-32, over the header with the CRC's field as 0. */
  static const uint8_t zeros[4] = {0, 0, 0, 0};
  uLong crc = crc32(0L, Z_NULL, 0);
  crc = crc32(crc, p, WASMAOT_ARTIFACT_OFF_HEADER_CRC32);
  crc = crc32(crc, zeros, 4);
  crc = crc32(crc, p + WASMAOT_ARTIFACT_OFF_HEADER_CRC32 + 4,
              (uInt)(header_size - WASMAOT_ARTIFACT_OFF_HEADER_CRC32 - 4));
  if ((uint32_t)crc != read32(p + WASMAOT_ARTIFACT_OFF_HEADER_CRC32)) {
    wasmaot_set_error(error,
                      "corrupt artifact header (CRC-32 %08x, the "
                      "header says %08x)",
                      (uint32_t)crc,
                      read32(p + WASMAOT_ARTIFACT_OFF_HEADER_CRC32));
    return -1;
  }
  info->header_size = header_size;
  info->abi_version = read32(p + WASMAOT_ARTIFACT_OFF_ABI_VERSION);
  info->opt_level = read32(p + WASMAOT_ARTIFACT_OFF_OPT_LEVEL);
  info->flags = read32(p + WASMAOT_ARTIFACT_OFF_FLAGS);
  info->payload_size = read64(p + WASMAOT_ARTIFACT_OFF_PAYLOAD_SIZE);
  info->library_size = read64(p + WASMAOT_ARTIFACT_OFF_LIBRARY_SIZE);
  info->payload_crc32 = read32(p + WASMAOT_ARTIFACT_OFF_PAYLOAD_CRC32);
  info->header_crc32 = (uint32_t)crc;
  memcpy(info->module_hash, p + WASMAOT_ARTIFACT_OFF_MODULE_HASH,
         WASMAOT_ARTIFACT_HASH_SIZE);
  wasmaot_artifact_string *fields[5] = {&info->compiler_version,
                                        &info->llvm_version, &info->triple,
                                        &info->cpu, &info->features};
  const char *at = (const char *)p + WASMAOT_ARTIFACT_OFF_STRINGS;
  for (int i = 0; i < 5; ++i) {
    fields[i]->data = at;
    fields[i]->size = lengths[i];
    at += lengths[i];
  }
  uint64_t rest = size - header_size;
  if (rest < info->payload_size) {
    wasmaot_set_error(error,
                      "truncated artifact (payload of %llu bytes, %llu "
                      "present)",
                      (unsigned long long)info->payload_size,
                      (unsigned long long)rest);
    return -1;
  }
  if (rest > info->payload_size) {
    wasmaot_set_error(error, "corrupt artifact (%llu bytes after the payload)",
                      (unsigned long long)(rest - info->payload_size));
    return -1;
  }
  return 0;
}

/* ---- The host ---- */

#if defined(__x86_64__)
#define HOST_ARCH "x86_64"
#elif defined(__aarch64__)
#define HOST_ARCH "aarch64"
#elif defined(__riscv) && __riscv_xlen == 64
#define HOST_ARCH "riscv64"
#else
#define HOST_ARCH NULL /* not checked */
#endif

#if defined(__x86_64__) || defined(__i386__)
/* Bit `bit` of register `reg` (0 eax .. 3 edx) of cpuid leaf/subleaf. */
static int cpuid_bit(unsigned leaf, unsigned subleaf, int reg, int bit) {
  unsigned r[4] = {0, 0, 0, 0};
  if (!__get_cpuid_count(leaf, subleaf, &r[0], &r[1], &r[2], &r[3]))
    return 0;
  return (r[reg] >> bit) & 1;
}
#endif

int wasmaot_host_cpu_has(const char *name) {
  if (!name)
    return -1;
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  /* The ISA extensions generated code uses. __builtin_cpu_supports also
   * checks that the OS saves the wider registers (AVX, AVX-512). */
#define F(feature)                                                             \
  { feature, __builtin_cpu_supports(feature) }
  const struct {
    const char *name;
    int has;
  } builtin[] = {
      F("cmov"),
      F("mmx"),
      F("popcnt"),
      F("sse"),
      F("sse2"),
      F("sse3"),
      F("ssse3"),
      F("sse4.1"),
      F("sse4.2"),
      F("avx"),
      F("avx2"),
      F("sse4a"),
      F("fma4"),
      F("xop"),
      F("fma"),
      F("avx512f"),
      F("bmi"),
      F("bmi2"),
      F("aes"),
      F("pclmul"),
      F("avx512vl"),
      F("avx512bw"),
      F("avx512dq"),
      F("avx512cd"),
      F("avx512vbmi"),
      F("avx512ifma"),
      F("avx512vpopcntdq"),
      F("avx512vbmi2"),
      F("gfni"),
      F("vpclmulqdq"),
      F("avx512vnni"),
      F("avx512bitalg"),
      F("avx512bf16"),
      F("avx512vp2intersect"),
  };
#undef F
  for (size_t i = 0; i < sizeof builtin / sizeof builtin[0]; ++i)
    if (strcmp(name, builtin[i].name) == 0)
      return builtin[i].has ? 1 : 0;
  static const struct {
    const char *name;
    unsigned leaf, subleaf;
    int reg, bit;
    int needs; /* 0 none, 1 avx, 2 avx512f */
  } features[] = {
      {"f16c", 1, 0, 2, 29, 1},
      {"movbe", 1, 0, 2, 22, 0},
      {"lzcnt", 0x80000001u, 0, 2, 5, 0},
      {"adx", 7, 0, 1, 19, 0},
      {"sha", 7, 0, 1, 29, 0},
      {"avx512fp16", 7, 0, 3, 23, 2},
      {"amx-bf16", 7, 0, 3, 22, 2},
      {"amx-tile", 7, 0, 3, 24, 2},
      {"amx-int8", 7, 0, 3, 25, 2},
      {"avxvnni", 7, 1, 0, 4, 1},
      {"cmpccxadd", 7, 1, 0, 7, 0},
      {"avxifma", 7, 1, 0, 23, 1},
      {"avxvnniint8", 7, 1, 3, 4, 1},
      {"avxneconvert", 7, 1, 3, 5, 1},
      /* APX: every part needs APX_F. */
      {"egpr", 7, 1, 3, 21, 0},
      {"ndd", 7, 1, 3, 21, 0},
      {"ppx", 7, 1, 3, 21, 0},
      {"push2pop2", 7, 1, 3, 21, 0},
      {"ccmp", 7, 1, 3, 21, 0},
      {"nf", 7, 1, 3, 21, 0},
      {"cf", 7, 1, 3, 21, 0},
      {"zu", 7, 1, 3, 21, 0},
  };
  for (size_t i = 0; i < sizeof features / sizeof features[0]; ++i) {
    if (strcmp(name, features[i].name) != 0)
      continue;
    if ((features[i].needs == 1 && !__builtin_cpu_supports("avx")) ||
        (features[i].needs == 2 && !__builtin_cpu_supports("avx512f")))
      return 0;
    return cpuid_bit(features[i].leaf, features[i].subleaf, features[i].reg,
                     features[i].bit);
  }
  /* AVX10.N: the AVX10 bit, then the version in leaf 0x24. */
  if (strncmp(name, "avx10.", 6) == 0) {
    if (!__builtin_cpu_supports("avx512f") || !cpuid_bit(7, 1, 3, 19))
      return 0;
    unsigned r[4] = {0, 0, 0, 0};
    __get_cpuid_count(0x24, 0, &r[0], &r[1], &r[2], &r[3]);
    return (r[1] & 0xff) >= (unsigned)atoi(name + 6);
  }
#endif
  return -1;
}

int wasmaot_artifact_check_host(const wasmaot_artifact_info *info,
                                char **error) {
  if (error)
    *error = NULL;
  if (!info) {
    wasmaot_set_error(error, "no header");
    return -1;
  }
  if (info->abi_version != WASMAOT_ABI_VERSION) {
    wasmaot_set_error(error,
                      "compiled for ABI version %u, the runtime has version "
                      "%u: recompile it",
                      info->abi_version, WASMAOT_ABI_VERSION);
    return -1;
  }
  const char *triple = info->triple.data;
  size_t len = info->triple.size;
  const char *dash = memchr(triple, '-', len);
  size_t arch_len = dash ? (size_t)(dash - triple) : len;
  int linux_os = 0;
  for (size_t i = 0; i + 6 <= len; ++i)
    if (memcmp(triple + i, "-linux", 6) == 0)
      linux_os = 1;
  const char *host = HOST_ARCH;
  if ((host && (arch_len != strlen(host) || memcmp(triple, host, arch_len))) ||
      !linux_os) {
    wasmaot_set_error(error,
                      "compiled for target %.*s, this host is %s-linux: "
                      "recompile it for this host",
                      (int)len, triple, host ? host : "?");
    return -1;
  }
  /* "+name,+name,...": each must be present. */
  const char *f = info->features.data, *end = f + info->features.size;
  while (f < end) {
    const char *comma = memchr(f, ',', (size_t)(end - f));
    const char *stop = comma ? comma : end;
    char name[64];
    size_t n = (size_t)(stop - f);
    if (n > 1 && n < sizeof name && f[0] == '+') {
      memcpy(name, f + 1, n - 1);
      name[n - 1] = '\0';
      if (wasmaot_host_cpu_has(name) == 0) {
        wasmaot_set_error(error,
                          "compiled for CPU %.*s with feature '%s', which "
                          "this CPU lacks: recompile it (e.g. with "
                          "--cpu=generic)",
                          (int)info->cpu.size, info->cpu.data, name);
        return -1;
      }
    }
    f = stop + 1;
  }
  return 0;
}

/* ---- Loading ---- */

/* The library of a checked artifact, decompressed into fd (sized to fit).
 * 0, or -1 with *error. */
static int decompress_into(int fd, const uint8_t *payload,
                           const wasmaot_artifact_info *info, char **error) {
  size_t size = (size_t)info->library_size;
  if (ftruncate(fd, (off_t)size) != 0) {
    wasmaot_set_error(error, "cannot size the library file: %s",
                      strerror(errno));
    return -1;
  }
  void *out = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (out == MAP_FAILED) {
    wasmaot_set_error(error, "cannot map the library file: %s",
                      strerror(errno));
    return -1;
  }
  size_t got = ZSTD_decompress(out, size, payload, (size_t)info->payload_size);
  munmap(out, size);
  if (ZSTD_isError(got)) {
    wasmaot_set_error(error, "corrupt artifact (payload: %s)",
                      ZSTD_getErrorName(got));
    return -1;
  }
  if (got != size) {
    wasmaot_set_error(error,
                      "corrupt artifact (library of %zu bytes, the "
                      "header says %zu)",
                      got, size);
    return -1;
  }
  return 0;
}

/* The payload's own checks, before any byte of it is used. */
static int check_payload(const uint8_t *payload,
                         const wasmaot_artifact_info *info, char **error) {
  if (error)
    *error = NULL;
  uLong crc = crc32(0L, Z_NULL, 0);
  const uint8_t *at = payload;
  for (uint64_t left = info->payload_size; left;) {
    uInt chunk = left > (1u << 30) ? (1u << 30) : (uInt)left;
    crc = crc32(crc, at, chunk);
    at += chunk;
    left -= chunk;
  }
  if ((uint32_t)crc != info->payload_crc32) {
    wasmaot_set_error(error,
                      "corrupt artifact (payload CRC-32 %08x, the "
                      "header says %08x)",
                      (uint32_t)crc, info->payload_crc32);
    return -1;
  }
  ZSTD_frameHeader frame;
  size_t r = ZSTD_getFrameHeader(&frame, payload, (size_t)info->payload_size);
  if (r != 0 || frame.frameType != ZSTD_frame ||
      frame.frameContentSize != info->library_size || !frame.checksumFlag ||
      info->library_size == 0 || info->library_size > SIZE_MAX / 2) {
    wasmaot_set_error(error, "corrupt artifact (payload is not the zstd "
                             "frame the header describes)");
    return -1;
  }
  return 0;
}

int wasmaot_artifact_verify(const void *bytes, size_t size,
                            wasmaot_artifact_info *info, char **error) {
  if (wasmaot_artifact_decode(bytes, size, info, error) != 0)
    return -1;
  return check_payload((const uint8_t *)bytes + info->header_size, info, error);
}

static wasmaot_module *load_checked(const uint8_t *bytes,
                                    const wasmaot_artifact_info *info,
                                    int use_memfd, char **error) {
  const uint8_t *payload = bytes + info->header_size;
  char path[PATH_MAX];
  int memfd = 1;
  int fd = use_memfd ? memfd_create("wasmaot-library", MFD_CLOEXEC) : -1;
  if (fd >= 0) {
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    if (access(path, F_OK) != 0) { /* no /proc */
      close(fd);
      fd = -1;
    }
  }
  if (fd < 0) {
    memfd = 0;
    const char *dir = getenv("TMPDIR");
    int n = snprintf(path, sizeof path, "%s/wasmaot-XXXXXX.so",
                     dir && *dir ? dir : "/tmp");
    if (n < 0 || (size_t)n >= sizeof path ||
        (fd = mkostemps(path, 3, O_CLOEXEC)) < 0) {
      wasmaot_set_error(error, "cannot create a file for the library: %s",
                        strerror(errno));
      return NULL;
    }
  }
  wasmaot_module *m = NULL;
  if (decompress_into(fd, payload, info, error) == 0) {
    m = wasmaot_module_load(path, error);
    if (m && memfd) {
      m->owned_fd = fd;
      fd = -1;
    }
  }
  if (!memfd)
    unlink(path); /* mapped if loaded; nothing left behind either way */
  if (fd >= 0)
    close(fd);
  return m;
}

/* load_checked after every check, with name in the messages. */
static wasmaot_module *load_named(const void *bytes, size_t size,
                                  const char *name, int use_memfd,
                                  char **error) {
  if (error)
    *error = NULL;
  wasmaot_artifact_info info;
  char *why = NULL;
  wasmaot_module *m = NULL;
  if (wasmaot_artifact_verify(bytes, size, &info, &why) == 0 &&
      wasmaot_artifact_check_host(&info, &why) == 0)
    m = load_checked(bytes, &info, use_memfd, &why);
  if (!m)
    wasmaot_set_error(error, "%s: %s", name, why ? why : "out of memory");
  wasmaot_error_free(why);
  return m;
}

wasmaot_module *wasmaot_module_load_artifact_from_memory(const void *bytes,
                                                         size_t size,
                                                         char **error) {
  return load_named(bytes, size, "artifact in memory", 1, error);
}

wasmaot_module *wasmaot_artifact_load_via_file(const void *bytes, size_t size,
                                               char **error) {
  return load_named(bytes, size, "artifact in memory", 0, error);
}

wasmaot_module *wasmaot_module_load_artifact(const char *path, char **error) {
  if (error)
    *error = NULL;
  if (!path) {
    wasmaot_set_error(error, "load: no path");
    return NULL;
  }
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) != 0) {
    wasmaot_set_error(error, "%s: cannot open: %s", path, strerror(errno));
    if (fd >= 0)
      close(fd);
    return NULL;
  }
  if (!S_ISREG(st.st_mode)) {
    wasmaot_set_error(error, "%s: not a regular file", path);
    close(fd);
    return NULL;
  }
  size_t size = (size_t)st.st_size;
  void *bytes = NULL;
  if (size) {
    bytes = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (bytes == MAP_FAILED) {
      wasmaot_set_error(error, "%s: cannot read: %s", path, strerror(errno));
      close(fd);
      return NULL;
    }
  }
  close(fd);
  wasmaot_module *m = load_named(bytes, size, path, 1, error);
  if (bytes)
    munmap(bytes, size);
  return m;
}
