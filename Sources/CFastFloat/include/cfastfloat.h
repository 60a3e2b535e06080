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

/// Parses the whole of [field, field + length) as Python's float() reads it: the correctly rounded
/// double, spaces and tabs around the number and a leading '+' allowed ("nan" and "inf" are
/// numbers). Returns 1 and stores the value, or 0 when the field is not one number.
int cfastfloat_parse_field(const void *field, size_t length, double *value);

/// What `cfastfloat_parse_row` found in a line.
enum {
    /// No fields: a blank or comment-only line.
    CFASTFLOAT_ROW_BLANK = 0,
    /// The row's numbers are in `values`, `*count` of them.
    CFASTFLOAT_ROW_VALUES = 1,
    /// A field is not a number: `*bad` says which.
    CFASTFLOAT_ROW_BAD = 2,
    /// The row has more than `capacity` fields: call again with more room.
    CFASTFLOAT_ROW_FULL = 3,
};

/// The field that is not a number: its 1-based column and its bytes [start, end) in the line.
typedef struct {
    size_t column;
    size_t start;
    size_t end;
} CFastFloatBadField;

/// Splits a CSV line into numbers as `np.loadtxt(path, delimiter=...)` reads it (the rules of
/// CSVRowParser in Swift, which calls it): fields parsed as correctly rounded doubles, spaces and
/// tabs around a field and a leading '+' allowed, text after '#' a comment. `plain_fields` is 0 when
/// the delimiter could be part of a number, so each field must be cut before it is parsed.
int cfastfloat_parse_row(const void *line, size_t length, unsigned char delimiter, int plain_fields, double *values,
                         size_t capacity, size_t *count, CFastFloatBadField *bad);

/// Stores `values[0..<count]`, except the one at `skip` (`count` or more to keep all), at `out` as
/// little-endian float32 (each double rounded to nearest) or, when `wide`, float64: a tensor's bytes.
/// Returns 1 when every stored value is finite (a double too large for float32 becomes infinite).
int cfastfloat_store_tensor(const double *values, size_t count, size_t skip, int wide, void *out);

#ifdef __cplusplus
}
#endif

#endif
