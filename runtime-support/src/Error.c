/*===- Error.c - Error messages for the host ------------------------------===*/

#include "Error.h"

#include "wasmaot/wasmaot.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

void wasmaot_set_error(char **error, const char *format, ...) {
  if (!error)
    return;
  *error = NULL;
  va_list args;
  va_start(args, format);
  int length = vsnprintf(NULL, 0, format, args);
  va_end(args);
  if (length < 0)
    return;
  char *message = malloc((size_t)length + 1);
  if (!message)
    return;
  va_start(args, format);
  vsnprintf(message, (size_t)length + 1, format, args);
  va_end(args);
  *error = message;
}

void wasmaot_error_free(char *error) { free(error); }
