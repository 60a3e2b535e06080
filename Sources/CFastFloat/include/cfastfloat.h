#ifndef CFASTFLOAT_H
#define CFASTFLOAT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Parses the decimal number in [first, first + length) as the correctly rounded
/// double (fast_float::from_chars, general format). Returns the number of bytes
/// used, 0 when no number starts at `first`. "nan" and "inf" are numbers here.
size_t cfastfloat_parse_double(const void *first, size_t length, double *value);

#ifdef __cplusplus
}
#endif

#endif
