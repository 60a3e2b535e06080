// A C entry point to fast_float (Debian's libfast-float-dev, header-only), so Swift
// parses numbers without importing C++.
#include "cfastfloat.h"

#include <fast_float/fast_float.h>
#include <system_error>

extern "C" size_t cfastfloat_parse_double(const void *first, size_t length, double *value) {
    const char *begin = static_cast<const char *>(first);
    fast_float::from_chars_result result = fast_float::from_chars(begin, begin + length, *value);
    if (result.ec != std::errc() && result.ec != std::errc::result_out_of_range) return 0;
    return static_cast<size_t>(result.ptr - begin);
}
