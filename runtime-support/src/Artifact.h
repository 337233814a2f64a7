/*===- Artifact.h - Loading artifacts, internals ------------------*- C -*-===*
 *
 * The public functions are in wasmaot/artifact.h; this is for tests.
 *
 *===----------------------------------------------------------------------===*/

#ifndef WASMAOT_RUNTIME_ARTIFACT_H
#define WASMAOT_RUNTIME_ARTIFACT_H

#include "wasmaot/artifact.h"

#ifdef __cplusplus
extern "C" {
#endif

/* wasmaot_module_load_artifact_from_memory as on a system without memfds
 * or /proc: through a private file in $TMPDIR (or /tmp), removed once
 * loaded. */
wasmaot_module *wasmaot_artifact_load_via_file(const void *bytes, size_t size,
                                               char **error);

#ifdef __cplusplus
}
#endif

#endif
