#include "wasmaot/wasmaot.h"

const char *wasmaot_version(void) { return WASMAOT_VERSION_STRING; }
