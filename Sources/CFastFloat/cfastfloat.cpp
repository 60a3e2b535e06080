// A C entry point to fast_float (Debian's libfast-float-dev, header-only), so Swift
// parses numbers without importing C++.
#include "cfastfloat.h"

#include <cstdint>
#include <cstring>
#include <fast_float/fast_float.h>
#include <system_error>

extern "C" size_t cfastfloat_parse_double(const void *first, size_t length, double *value) {
    const char *begin = static_cast<const char *>(first);
    fast_float::from_chars_result result = fast_float::from_chars(begin, begin + length, *value);
    if (result.ec != std::errc() && result.ec != std::errc::result_out_of_range) return 0;
    return static_cast<size_t>(result.ptr - begin);
}

namespace {

// Powers of ten a double holds exactly.
constexpr double exact_powers_of_ten[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                          1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

// Whether the eight bytes of `word` (little-endian) are all ASCII digits.
inline bool is_eight_digits(uint64_t word) {
    return (((word & 0xF0F0F0F0F0F0F0F0) | (((word + 0x0606060606060606) & 0xF0F0F0F0F0F0F0F0) >> 4)) ==
            0x3333333333333333);
}

// The value of eight ASCII digits (little-endian, the first digit in the low byte).
inline uint64_t eight_digits(uint64_t word) {
    const uint64_t mask = 0x000000FF000000FF;
    const uint64_t mul1 = 0x000F424000000064;  // 100 + (1000000ULL << 32)
    const uint64_t mul2 = 0x0000271000000001;  // 1 + (10000ULL << 32)
    word -= 0x3030303030303030;
    word = (word * 10) + (word >> 8);  // pairs of digits
    word = (((word & mask) * mul1) + (((word >> 16) & mask) * mul2)) >> 32;
    return static_cast<uint32_t>(word);
}

// 10^0 ... 10^8 as integers.
constexpr uint64_t integer_powers_of_ten[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000};

// Reads the run of ASCII digits at `text[index]` onwards (before `count`) into `mantissa` (times ten per
// digit, wrapping past 19 digits, which the caller rejects) and returns the index after the run. Eight
// bytes at a time where eight remain (fast_float's SWAR step), the last short run of a word at once too.
inline size_t take_digits(const unsigned char *text, size_t count, size_t index, uint64_t *mantissa) {
    uint64_t value = *mantissa;
    while (index + 8 <= count) {
        uint64_t word;
        memcpy(&word, text + index, 8);
        // A byte is a digit when its high nibble is 3 and stays 3 after adding 6; a carry out of a byte
        // of 0xFA or more only reaches later bytes, so the first non-digit found is the first there is.
        const uint64_t digit_nibbles =
            (word & 0xF0F0F0F0F0F0F0F0) | (((word + 0x0606060606060606) & 0xF0F0F0F0F0F0F0F0) >> 4);
        const uint64_t non_digits = digit_nibbles ^ 0x3333333333333333;
        if (non_digits == 0) {
            value = value * 100000000 + eight_digits(word);
            index += 8;
            continue;
        }
        const unsigned run = static_cast<unsigned>(__builtin_ctzll(non_digits)) / 8;
        if (run > 0) {  // the run's digits moved to the word's top, '0's below them
            const unsigned shift = 8 * (8 - run);
            const uint64_t padded = (word << shift) | (0x3030303030303030 >> (8 * run));
            value = value * integer_powers_of_ten[run] + eight_digits(padded);
            index += run;
        }
        *mantissa = value;
        return index;
    }
    for (; index < count; index++) {
        const unsigned digit = static_cast<unsigned char>(text[index] - '0');
        if (digit >= 10) break;
        value = value * 10 + digit;
    }
    *mantissa = value;
    return index;
}

// The common case without fast_float: a prefix -?digits(.digits)? of at most 19 digits whose mantissa a
// double holds exactly (< 2^53), with at most 22 digits after the point; mantissa / 10^k is then one
// correctly rounded division of two exact doubles (Clinger's fast path, which fast_float takes first too).
// Stores the value and the bytes it spans (it stops at the first other byte); false when the prefix is
// not such a number.
inline bool plain_prefix(const unsigned char *text, size_t count, double *value, size_t *length) {
    if (count == 0) return false;
    const bool negative = text[0] == '-';
    const size_t integer_start = negative ? 1 : 0;
    uint64_t mantissa = 0;
    // The integer part digit by digit (it is mostly one digit: "0.25"), eight at a time past eight.
    size_t index = integer_start;
    for (; index < count && index - integer_start < 8; index++) {
        const unsigned digit = static_cast<unsigned char>(text[index] - '0');
        if (digit >= 10) break;
        mantissa = mantissa * 10 + digit;
    }
    if (index - integer_start == 8) index = take_digits(text, count, index, &mantissa);
    const size_t integer_digits = index - integer_start;
    size_t fraction_digits = 0;
    if (index < count && text[index] == '.') {
        const size_t fraction_start = index + 1;
        index = take_digits(text, count, fraction_start, &mantissa);
        fraction_digits = index - fraction_start;
    }
    const size_t digits = integer_digits + fraction_digits;
    if (digits == 0 || digits > 19 || mantissa >= (uint64_t(1) << 53) || fraction_digits > 22) return false;
    const double magnitude = fraction_digits == 0 ? static_cast<double>(mantissa)
                                                  : static_cast<double>(mantissa) / exact_powers_of_ten[fraction_digits];
    *value = negative ? -magnitude : magnitude;
    *length = index;
    return true;
}

inline bool is_blank(unsigned char byte) { return byte == ' ' || byte == '\t'; }

// One whole field as Python's float() reads it: spaces and tabs around it, a leading '+'.
inline bool parse_field(const unsigned char *text, size_t count, double *value) {
    size_t start = 0, end = count;
    while (start < end && is_blank(text[start])) start++;
    while (end > start && is_blank(text[end - 1])) end--;
    if (start == end) return false;
    if (text[start] == '+') {  // fast_float follows std::from_chars, which takes '-' but not '+'
        start++;
        if (start == end || text[start] == '-' || text[start] == '+') return false;
    }
    size_t length = 0;
    if (plain_prefix(text + start, end - start, value, &length) && length == end - start) return true;
    return cfastfloat_parse_double(text + start, end - start, value) == end - start;
}

}  // namespace

extern "C" int cfastfloat_parse_field(const void *field, size_t length, double *value) {
    return parse_field(static_cast<const unsigned char *>(field), length, value) ? 1 : 0;
}

extern "C" int cfastfloat_parse_row(const void *line, size_t length, unsigned char delimiter, int plain_fields,
                                    double *values, size_t capacity, size_t *count, CFastFloatBadField *bad) {
    const unsigned char *text = static_cast<const unsigned char *>(line);
    size_t end = length, first = 0, n = 0;
    while (first < end && is_blank(text[first])) first++;
    if (first == end || text[first] == '#') return CFASTFLOAT_ROW_BLANK;
    size_t field_start = 0, column = 1;
    for (;;) {
        double value;
        size_t plain = 0;
        // A single digit (a zero of a sparse row, a class label) then the delimiter or the line's end.
        if (plain_fields && field_start < end && static_cast<unsigned char>(text[field_start] - '0') < 10 &&
            (field_start + 1 == end || text[field_start + 1] == delimiter)) {
            if (n == capacity) return CFASTFLOAT_ROW_FULL;
            values[n++] = static_cast<double>(text[field_start] - '0');
            if (field_start + 1 == end) break;
            field_start += 2;
            column++;
            continue;
        }
        // Most fields are plain decimals ended by the delimiter or the line: one pass over their bytes.
        if (plain_fields && plain_prefix(text + field_start, end - field_start, &value, &plain)) {
            const size_t next = field_start + plain;
            if (next == end || text[next] == delimiter) {
                if (n == capacity) return CFASTFLOAT_ROW_FULL;
                values[n++] = value;
                if (next == end) break;
                field_start = next + 1;
                column++;
                continue;
            }
        }
        size_t field_end = field_start;
        while (field_end < end && text[field_end] != delimiter && text[field_end] != '#') field_end++;
        if (field_end < end && text[field_end] == '#') end = field_end;  // a comment to the line's end
        if (!parse_field(text + field_start, field_end - field_start, &value)) {
            bad->column = column;
            bad->start = field_start;
            bad->end = field_end;
            return CFASTFLOAT_ROW_BAD;
        }
        if (n == capacity) return CFASTFLOAT_ROW_FULL;
        values[n++] = value;
        if (field_end >= end) break;
        field_start = field_end + 1;
        column++;
    }
    *count = n;
    return CFASTFLOAT_ROW_VALUES;
}

namespace {

// Stores `values[first..<last]` as `Value`s from `out`; whether all are finite (the exponent bits of
// each are OR-ed into a flag with no branch, so the loop vectorises).
template <typename Value, typename Bits>
inline bool store_run(const double *values, size_t first, size_t last, unsigned char *out) {
    constexpr Bits exponent = sizeof(Value) == 4 ? Bits(0x7F800000) : Bits(0x7FF0000000000000);
    Bits all_ones = 0;
    for (size_t index = first; index < last; index++) {
        const Value value = static_cast<Value>(values[index]);
        Bits bits;
        memcpy(&bits, &value, sizeof bits);
        all_ones |= static_cast<Bits>((bits & exponent) == exponent);
        memcpy(out + (index - first) * sizeof(Value), &value, sizeof(Value));
    }
    return all_ones == 0;
}

template <typename Value, typename Bits>
inline bool store_tensor(const double *values, size_t count, size_t skip, unsigned char *out) {
    if (skip >= count) return store_run<Value, Bits>(values, 0, count, out);
    const bool before = store_run<Value, Bits>(values, 0, skip, out);
    const bool after = store_run<Value, Bits>(values, skip + 1, count, out + skip * sizeof(Value));
    return before && after;
}

}  // namespace

extern "C" int cfastfloat_store_tensor(const double *values, size_t count, size_t skip, int wide, void *out) {
    unsigned char *bytes = static_cast<unsigned char *>(out);
    return (wide ? store_tensor<double, uint64_t>(values, count, skip, bytes)
                 : store_tensor<float, uint32_t>(values, count, skip, bytes))
               ? 1
               : 0;
}
