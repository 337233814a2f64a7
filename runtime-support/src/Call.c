/*===- Call.c - Calling functions from the host ---------------------------===*
 *
 * wasmaot_func_call: the typed front of wasmaot_call_entry. The record's
 * canonical type (TypeRegistry) gives the arity the call must match; a call
 * that does not match, or cannot be made, calls nothing and reports
 * WASMAOT_TRAP_HOST with a message saying why.
 *
 *===----------------------------------------------------------------------===*/

#include "wasmaot/wasmaot.h"

#include <string.h>

static uint32_t refuse(wasmaot_trap *trap, const char *why) {
  if (trap) {
    memset(trap, 0, sizeof *trap);
    trap->code = WASMAOT_TRAP_HOST;
    trap->message = why;
  }
  return WASMAOT_TRAP_HOST;
}

uint32_t wasmaot_func_call(const wasmaot_func *func, const wasmaot_val *args,
                           size_t num_args, wasmaot_val *results,
                           size_t num_results, wasmaot_trap *trap) {
  wasmaot_func_type type;
  if (!func)
    return refuse(trap, "wasmaot_func_call: no function");
  if (wasmaot_type_lookup(func->type_id, &type) != 0)
    return refuse(trap, "wasmaot_func_call: the function has no known type");
  if (num_args != type.num_params)
    return refuse(trap, "wasmaot_func_call: wrong number of arguments");
  if (num_results != type.num_results)
    return refuse(trap, "wasmaot_func_call: wrong number of results");
  if ((num_args && !args) || (num_results && !results))
    return refuse(trap, "wasmaot_func_call: arguments or results missing");
  if (!func->entry || !func->code)
    return refuse(trap, "wasmaot_func_call: the function cannot be called");
  wasmaot_val scratch[1];
  return wasmaot_call_entry(func->entry, func->callee, func->code,
                            args ? args : scratch, results ? results : scratch,
                            trap);
}
