#ifndef RECORDLINT_CPROTOBUFC_SHIM_H
#define RECORDLINT_CPROTOBUFC_SHIM_H
#include <protobuf-c/protobuf-c.h>
#endif
