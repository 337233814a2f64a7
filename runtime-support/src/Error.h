/*===- Error.h - Error messages for the host ----------------------*- C -*-===*/

#ifndef WASMAOT_RUNTIME_ERROR_H
#define WASMAOT_RUNTIME_ERROR_H

#ifdef __cplusplus
extern "C" {
#endif

/* If error is not NULL, stores a malloc'd formatted message in *error (NULL
 * if it cannot be allocated); the host frees it with wasmaot_error_free. */
void wasmaot_set_error(char **error, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

#ifdef __cplusplus
}
#endif

#endif
