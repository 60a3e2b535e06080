#include "record_fast.h"
#include <string.h>
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define RL_HAVE_AVX2_PATH 1
#include <cpuid.h>
#include <immintrin.h>
#else
#define RL_HAVE_AVX2_PATH 0
#endif

/* The value of a three-byte (two-byte) varint in the low bytes of x: its 7-bit groups joined. */
#define RL_THREE(x) (((x) & 0x7F) | (((x) >> 1) & 0x3F80) | (((x) >> 2) & 0x1FC000))
#define RL_TWO(x) (((x) & 0x7F) | (((x) >> 1) & 0x3F80))

/*
 * Why a second schema rather than a parser of our own: protobuf-c stays the
 * one judge of the record's structure (tags, wire types, lengths, maps, the
 * oneof, unknown fields, merging of repeated messages), so the fast path
 * cannot disagree with the full decode about anything but the three packed
 * fields it reads itself, and those it checks with protobuf-c's own rules
 * (packed-repeated parsing in protobuf-c.c): a float run is a multiple of 4
 * bytes, a varint run is whole varints of at most 10 bytes. What protobuf-c
 * would have concatenated (a packed field given more than once) is not
 * concatenated here: such a record goes to the full decode.
 */

/*
 * Decodes one varint from p, which has at least 10 readable bytes; NULL when
 * it is longer than 10 bytes. The first three bytes are unrolled: a key below
 * 2^21 takes one of three branches, which the predictor learns for a file's
 * keys, so the next key's load does not wait on this one's length. (A variant
 * that found every varint's end for 64 bytes at once and decoded keys of up
 * to 3 bytes from one 8-byte load without a branch measured slower here.)
 */
static inline const uint8_t *varint_unbounded(const uint8_t *p, uint64_t *value) {
    uint64_t byte = p[0];
    if (byte < 0x80) {
        *value = byte;
        return p + 1;
    }
    uint64_t result = byte & 0x7F;
    byte = p[1];
    result |= (byte & 0x7F) << 7;
    if (byte < 0x80) {
        *value = result;
        return p + 2;
    }
    byte = p[2];
    result |= (byte & 0x7F) << 14;
    if (byte < 0x80) {
        *value = result;
        return p + 3;
    }
    for (unsigned i = 3; i < 10; i++) {
        byte = p[i];
        result |= (byte & 0x7F) << (7 * i); /* the 10th byte's bits past the 64th fall off, as in protobuf-c */
        if (byte < 0x80) {
            *value = result;
            return p + i + 1;
        }
    }
    return NULL;
}

/* Decodes one varint from the `available` bytes at p; how many bytes it took, 0 when it is cut off or too long. */
static inline size_t varint_bounded(const uint8_t *p, size_t available, uint64_t *value) {
    size_t limit = available < 10 ? available : 10;
    uint64_t result = 0;
    for (size_t i = 0; i < limit; i++) {
        uint64_t byte = p[i];
        result |= (byte & 0x7F) << (7 * i);
        if (byte < 0x80) {
            *value = result;
            return i + 1;
        }
    }
    return 0;
}

/* Little-endian 8-byte load (every platform recordlint builds for is little-endian). */
static inline uint64_t load64(const uint8_t *p) {
    uint64_t word;
    memcpy(&word, p, 8);
    return word;
}

size_t rl_varints_count(const uint8_t *data, size_t length) {
    size_t count = 0, i = 0;
    for (; i + 8 <= length; i += 8) {
        uint64_t stops = (~load64(data + i) & 0x8080808080808080ULL) >> 7;
        count += (size_t)((stops * 0x0101010101010101ULL) >> 56); /* the sum of the eight 0/1 bytes */
    }
    for (; i < length; i++) count += data[i] < 0x80;
    return count;
}

int rl_varints_valid(const uint8_t *data, size_t length) {
    if (length == 0) return 1;
    if (data[length - 1] >= 0x80) return 0; /* the last varint is cut off */
    size_t run = 0;                         /* continuation bytes in a row */
    for (size_t i = 0; i < length; i++) {
        run = data[i] >= 0x80 ? run + 1 : 0;
        if (run >= 10) return 0; /* a varint of more than 10 bytes */
    }
    return 1;
}

/*
 * One step of the decode where at least 16 bytes remain: a group of keys of one length, or
 * one varint. The continuation bits of the next 8 (or 12) bytes say where each varint ends;
 * when they are those of 8 one-byte, 4 two-byte or 4 three-byte varints (what sorted keys
 * below 2^21 are, in long stretches), the group is decoded from the words without a branch
 * per key and without one key's position waiting on the one before. Any other pattern (a
 * change of length, a longer key) takes one varint the plain way and looks again. Each
 * pattern says every varint of the group ends within 3 bytes, so the group is valid, and its
 * values are those 7-bit groups. NULL when a varint is longer than 10 bytes.
 */
static inline __attribute__((always_inline)) const uint8_t *group_step(const uint8_t *p, uint64_t **next_out,
                                                                       uint64_t *previous_out, uint32_t *ordered_out) {
    uint64_t *next = *next_out;
    uint64_t previous = *previous_out;
    uint32_t ordered = *ordered_out;
    uint64_t word = load64(p);
    uint64_t continuation = word & 0x8080808080808080ULL;
    uint64_t k0, k1, k2, k3, value;
    if (continuation == 0x8080008080008080ULL) {
        /* bytes 0-7 continue as 3+3+2 of three-byte varints: check bytes 8-11 finish the fourth */
        uint32_t tail;
        memcpy(&tail, p + 8, 4);
        if ((tail & 0x80808080u) == 0x00808000u) {
            uint64_t third = (word >> 48) | ((uint64_t)tail << 16);
            uint64_t fourth = (uint64_t)tail >> 8;
            k0 = RL_THREE(word);
            k1 = RL_THREE(word >> 24);
            k2 = RL_THREE(third);
            k3 = RL_THREE(fourth);
            p += 12;
            goto four;
        }
    } else if (continuation == 0x0080008000800080ULL) {
        k0 = RL_TWO(word);
        k1 = RL_TWO(word >> 16);
        k2 = RL_TWO(word >> 32);
        k3 = RL_TWO(word >> 48);
        p += 8;
        goto four;
    } else if (continuation == 0) {
        uint64_t bytes[8];
        for (unsigned i = 0; i < 8; i++) bytes[i] = (word >> (8 * i)) & 0xFF;
        ordered &= (bytes[0] > previous) & (bytes[1] > bytes[0]) & (bytes[2] > bytes[1]) & (bytes[3] > bytes[2]) &
                   (bytes[4] > bytes[3]) & (bytes[5] > bytes[4]) & (bytes[6] > bytes[5]) & (bytes[7] > bytes[6]);
        memcpy(next, bytes, sizeof bytes);
        *next_out = next + 8;
        *previous_out = bytes[7];
        *ordered_out = ordered;
        return p + 8;
    }
    p = varint_unbounded(p, &value);
    if (p == NULL) return NULL;
    *ordered_out = ordered & (value > previous);
    *previous_out = value;
    *next = value;
    *next_out = next + 1;
    return p;
four:
    *ordered_out = ordered & (k0 > previous) & (k1 > k0) & (k2 > k1) & (k3 > k2);
    next[0] = k0;
    next[1] = k1;
    next[2] = k2;
    next[3] = k3;
    *next_out = next + 4;
    *previous_out = k3;
    return p;
}

#if RL_HAVE_AVX2_PATH
/* The vector extensions the loops use, as bits of cpu_features(). */
#define RL_CPU_AVX2 1
#define RL_CPU_AVX512_VBMI 2

/*
 * Which of them the CPU and the system allow: AVX2 with the YMM state saved (XCR0 bits 1-2), and
 * AVX-512 F, BW and VBMI (vpermb) with the opmask and ZMM state saved too (XCR0 bits 5-7). Asked once
 * (threads may race to ask: the same answer).
 */
static int cpu_features(void) {
    static int known = -1;
    int features = __atomic_load_n(&known, __ATOMIC_RELAXED);
    if (features >= 0) return features;
    unsigned eax, ebx, ecx, edx;
    features = 0;
    if (__get_cpuid(1, &eax, &ebx, &ecx, &edx) && (ecx & bit_OSXSAVE) && (ecx & bit_AVX)) {
        unsigned lo, hi;
        __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
        if ((lo & 6) == 6 && __get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx) && (ebx & bit_AVX2)) {
            features = RL_CPU_AVX2;
            if ((lo & 0xE6) == 0xE6 && (ebx & bit_AVX512F) && (ebx & bit_AVX512BW) && (ecx & bit_AVX512VBMI))
                features |= RL_CPU_AVX512_VBMI;
        }
    }
    __atomic_store_n(&known, features, __ATOMIC_RELAXED);
    return features;
}

int rl_cpu_has_avx2(void) { return (cpu_features() & RL_CPU_AVX2) != 0; }

int rl_cpu_has_avx512_vbmi(void) { return (cpu_features() & RL_CPU_AVX512_VBMI) != 0; }

/*
 * Stores eight keys (32-bit lanes, each below 2^21) as uint64s at *next and moves on. Each key is
 * compared with the one before it: the lanes rotated by one, with the previous group's last key
 * (`*last`, broadcast) in lane 0; the comparisons are AND-ed into `*ordered`, a vector, so that no
 * key leaves the vector registers until the loop ends and one group does not wait on the one before.
 */
__attribute__((target("avx2"))) static inline void store_eight_avx2(__m256i keys, uint64_t **next, __m256i *last,
                                                                    __m256i *ordered) {
    const __m256i rotate = _mm256_setr_epi32(7, 0, 1, 2, 3, 4, 5, 6);
    __m256i before = _mm256_blend_epi32(_mm256_permutevar8x32_epi32(keys, rotate), *last, 1);
    *ordered = _mm256_and_si256(*ordered, _mm256_cmpgt_epi32(keys, before));
    *last = _mm256_permutevar8x32_epi32(keys, _mm256_set1_epi32(7));
    _mm256_storeu_si256((__m256i *)(void *)*next, _mm256_cvtepu32_epi64(_mm256_castsi256_si128(keys)));
    _mm256_storeu_si256((__m256i *)(void *)(*next + 4), _mm256_cvtepu32_epi64(_mm256_extracti128_si256(keys, 1)));
    *next += 8;
}

/* The previous key in every 32-bit lane, for the signed comparisons of store_eight_avx2: keys below 2^21 are
   ordered by them, and a previous key of 2^31 or more is clamped to 2^31 - 1, which is still at least every such key. */
__attribute__((target("avx2"))) static inline __m256i broadcast_previous(uint64_t previous) {
    return _mm256_set1_epi32((int)(previous < 0x7FFFFFFF ? previous : 0x7FFFFFFF));
}

/*
 * The decode's loop where 32 bytes remain, with AVX2: when the continuation bits of the next
 * 16 (24) bytes are those of eight two-byte (three-byte) varints, the eight are shuffled into
 * 32-bit lanes and their 7-bit groups joined in the lanes; any other pattern takes group_step.
 * Returns where it stopped (fewer than 32 bytes left), or NULL as group_step.
 */
__attribute__((target("avx2"))) static const uint8_t *decode_groups_avx2(const uint8_t *p, const uint8_t *end,
                                                                         uint64_t **next_out, uint64_t *previous_out,
                                                                         uint32_t *ordered_out) {
    const __m256i spread = _mm256_setr_epi8(0, 1, 2, -1, 3, 4, 5, -1, 6, 7, 8, -1, 9, 10, 11, -1, /* lane 0 */
                                            0, 1, 2, -1, 3, 4, 5, -1, 6, 7, 8, -1, 9, 10, 11, -1 /* lane 1 */);
    const __m256i spread_two = _mm256_setr_epi8(0, 1, -1, -1, 2, 3, -1, -1, 4, 5, -1, -1, 6, 7, -1, -1, /* lane 0 */
                                                0, 1, -1, -1, 2, 3, -1, -1, 4, 5, -1, -1, 6, 7, -1, -1 /* lane 1 */);
    const __m256i low = _mm256_set1_epi32(0x7F), middle = _mm256_set1_epi32(0x3F80), high = _mm256_set1_epi32(0x1FC000);
    uint64_t *next = *next_out;
    /* `previous` is the scalar steps' last key, `last` the vector groups' (equal whenever both are read). */
    uint64_t previous = *previous_out;
    __m256i last = broadcast_previous(previous);
    __m256i ordered = _mm256_set1_epi32(-1);
    int in_vector = 0; /* whether the last key came from a vector group */
    while (end - p >= 32) {
        __m256i bytes = _mm256_loadu_si256((const __m256i *)(const void *)p);
        uint32_t continuation = (uint32_t)_mm256_movemask_epi8(bytes);
        if ((continuation & 0xFFFFu) == 0x5555u) {
            /* eight two-byte varints in 16 bytes: bytes 0-7 in lane 0, 8-15 in lane 1 */
            __m256i halves = _mm256_inserti128_si256(bytes, _mm_loadu_si128((const __m128i *)(const void *)(p + 8)), 1);
            __m256i x = _mm256_shuffle_epi8(halves, spread_two);
            __m256i keys = _mm256_or_si256(_mm256_and_si256(x, low), _mm256_and_si256(_mm256_srli_epi32(x, 1), middle));
            store_eight_avx2(keys, &next, &last, &ordered);
            in_vector = 1;
            p += 16;
            continue;
        }
        if ((continuation & 0xFFFFFFu) != 0x6DB6DBu) {
            if (in_vector) previous = (uint64_t)(uint32_t)_mm256_cvtsi256_si32(last);
            in_vector = 0;
            p = group_step(p, &next, &previous, ordered_out);
            if (p == NULL) return NULL;
            last = broadcast_previous(previous);
            continue;
        }
        /* bytes 0-11 in lane 0, 12-23 in lane 1, each key's three bytes in a 32-bit lane */
        __m256i halves = _mm256_inserti128_si256(bytes, _mm_loadu_si128((const __m128i *)(const void *)(p + 12)), 1);
        __m256i x = _mm256_shuffle_epi8(halves, spread);
        __m256i keys = _mm256_or_si256(_mm256_and_si256(x, low),
                                       _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi32(x, 1), middle),
                                                       _mm256_and_si256(_mm256_srli_epi32(x, 2), high)));
        store_eight_avx2(keys, &next, &last, &ordered);
        in_vector = 1;
        p += 24;
    }
    if (in_vector) previous = (uint64_t)(uint32_t)_mm256_cvtsi256_si32(last);
    *ordered_out &= _mm256_movemask_epi8(ordered) == -1;
    *next_out = next;
    *previous_out = previous;
    return p;
}

#define RL_AVX512 __attribute__((target("avx512f,avx512bw,avx512vbmi,avx2")))

/* decode_groups_avx512's previous key in every lane, clamped as in broadcast_previous. */
RL_AVX512 static inline __m512i broadcast_previous_512(uint64_t previous) {
    return _mm512_set1_epi32((int)(previous < 0x7FFFFFFF ? previous : 0x7FFFFFFF));
}

/*
 * decode_groups_avx2 sixteen keys at a time, with AVX-512 VBMI, where 64 bytes remain: when the
 * continuation bits of the next 32 (48) bytes are those of sixteen two-byte (three-byte) varints,
 * one vpermb puts each key's bytes in a 32-bit lane, and the lanes are joined, compared with the
 * lane before (the previous key, broadcast, before lane 0) and stored as store_eight_avx2 does.
 * Any other pattern takes group_step. Returns where it stopped (fewer than 64 bytes left), or NULL
 * as group_step.
 */
RL_AVX512 static const uint8_t *decode_groups_avx512(const uint8_t *p, const uint8_t *end, uint64_t **next_out,
                                                     uint64_t *previous_out, uint32_t *ordered_out) {
    /* Byte j of lane i: byte 3i + j (three-byte keys) or 2i + j (two-byte keys); the fourth (third and
       fourth) byte is the next key's, which the masks below leave out. */
    const __m512i spread_three = _mm512_set_epi8(
        48, 47, 46, 45, 45, 44, 43, 42, 42, 41, 40, 39, 39, 38, 37, 36, 36, 35, 34, 33, 33, 32, 31, 30, 30, 29, 28, 27,
        27, 26, 25, 24, 24, 23, 22, 21, 21, 20, 19, 18, 18, 17, 16, 15, 15, 14, 13, 12, 12, 11, 10, 9, 9, 8, 7, 6, 6, 5,
        4, 3, 3, 2, 1, 0);
    const __m512i spread_two = _mm512_set_epi8(
        32, 32, 31, 30, 30, 29, 29, 28, 28, 27, 27, 26, 26, 25, 25, 24, 24, 23, 23, 22, 22, 21, 21, 20, 20, 19, 19, 18,
        18, 17, 17, 16, 16, 15, 15, 14, 14, 13, 13, 12, 12, 11, 11, 10, 10, 9, 9, 8, 8, 7, 7, 6, 6, 5, 5, 4, 4, 3, 3, 2,
        2, 1, 1, 0);
    const __m512i low = _mm512_set1_epi32(0x7F), middle = _mm512_set1_epi32(0x3F80), high = _mm512_set1_epi32(0x1FC000);
    const __m512i last_lane = _mm512_set1_epi32(15);
    uint64_t *next = *next_out;
    uint64_t previous = *previous_out;
    __m512i last = broadcast_previous_512(previous);
    __mmask16 ordered = 0xFFFF;
    int in_vector = 0;
    while (end - p >= 64) {
        __m512i bytes = _mm512_loadu_si512((const void *)p);
        uint64_t continuation = _mm512_movepi8_mask(bytes);
        __m512i keys;
        if ((continuation & 0xFFFFFFFFu) == 0x55555555u) {
            __m512i x = _mm512_permutexvar_epi8(spread_two, bytes);
            keys = _mm512_or_si512(_mm512_and_si512(x, low), _mm512_and_si512(_mm512_srli_epi32(x, 1), middle));
            p += 32;
        } else if ((continuation & 0xFFFFFFFFFFFFull) == 0x6DB6DB6DB6DBull) {
            __m512i x = _mm512_permutexvar_epi8(spread_three, bytes);
            keys = _mm512_or_si512(_mm512_and_si512(x, low),
                                   _mm512_or_si512(_mm512_and_si512(_mm512_srli_epi32(x, 1), middle),
                                                   _mm512_and_si512(_mm512_srli_epi32(x, 2), high)));
            p += 48;
        } else {
            if (in_vector) previous = (uint64_t)(uint32_t)_mm_cvtsi128_si32(_mm512_castsi512_si128(last));
            in_vector = 0;
            p = group_step(p, &next, &previous, ordered_out);
            if (p == NULL) return NULL;
            last = broadcast_previous_512(previous);
            continue;
        }
        /* lane 0 compared with the previous key, lane i with lane i - 1 */
        __m512i before = _mm512_alignr_epi32(keys, last, 15);
        ordered &= _mm512_cmpgt_epi32_mask(keys, before);
        last = _mm512_permutexvar_epi32(last_lane, keys);
        _mm512_storeu_si512((void *)next, _mm512_cvtepu32_epi64(_mm512_castsi512_si256(keys)));
        _mm512_storeu_si512((void *)(next + 8), _mm512_cvtepu32_epi64(_mm512_extracti64x4_epi64(keys, 1)));
        next += 16;
        in_vector = 1;
    }
    if (in_vector) previous = (uint64_t)(uint32_t)_mm_cvtsi128_si32(_mm512_castsi512_si128(last));
    *ordered_out &= ordered == 0xFFFF;
    *next_out = next;
    *previous_out = previous;
    return p;
}
#else
int rl_cpu_has_avx2(void) { return 0; }
int rl_cpu_has_avx512_vbmi(void) { return 0; }
#endif

static inline __attribute__((always_inline)) size_t decode(const uint8_t *data, size_t length, uint64_t *out,
                                                          uint64_t *largest, uint32_t *increasing, int simd) {
    const uint8_t *p = data;
    const uint8_t *end = data + length;
    uint64_t *next = out;
    uint64_t value = 0;
    uint32_t ordered = 1;
    if (length == 0) {
        if (largest != NULL) *largest = 0;
        if (increasing != NULL) *increasing = 1;
        return 0;
    }
    /* The first varint on its own, so that the loops compare every value with the one before. */
    size_t used = varint_bounded(p, length, &value);
    if (used == 0) return RL_VARINTS_INVALID;
    p += used;
    *next++ = value;
    uint64_t previous = value;
    /* Where 64 bytes remain, with AVX-512 VBMI: sixteen keys at a time (decode_groups_avx512); then where
       32 bytes remain, with AVX2: eight (decode_groups_avx2). */
#if RL_HAVE_AVX2_PATH
    if (simd >= 2) {
        p = decode_groups_avx512(p, end, &next, &previous, &ordered);
        if (p == NULL) return RL_VARINTS_INVALID;
    }
    if (simd >= 1) {
        p = decode_groups_avx2(p, end, &next, &previous, &ordered);
        if (p == NULL) return RL_VARINTS_INVALID;
    }
#endif
    /* Where 16 bytes remain: groups of keys of one length (group_step). */
    while (end - p >= 16) {
        p = group_step(p, &next, &previous, &ordered);
        if (p == NULL) return RL_VARINTS_INVALID;
    }
    /* Where 10 bytes remain, no varint can run past the end: no bounds checks. */
    while (end - p >= 10) {
        p = varint_unbounded(p, &value);
        if (p == NULL) return RL_VARINTS_INVALID;
        ordered &= value > previous;
        previous = value;
        *next++ = value;
    }
    while (p < end) {
        used = varint_bounded(p, (size_t)(end - p), &value);
        if (used == 0) return RL_VARINTS_INVALID;
        p += used;
        ordered &= value > previous;
        previous = value;
        *next++ = value;
    }
    /* In increasing order the last value is the largest; otherwise it is looked for only when asked. */
    if (largest != NULL) {
        uint64_t max = 0;
        if (ordered) {
            max = next[-1];
        } else {
            for (const uint64_t *at = out; at < next; at++) max = *at > max ? *at : max;
        }
        *largest = max;
    }
    if (increasing != NULL) *increasing = ordered;
    return (size_t)(next - out);
}

size_t rl_varints_decode_avx2(const uint8_t *data, size_t length, uint64_t *out, uint64_t *largest,
                              uint32_t *increasing) {
#if RL_HAVE_AVX2_PATH
    if (length >= 32 && rl_cpu_has_avx2()) return decode(data, length, out, largest, increasing, 1);
#endif
    return decode(data, length, out, largest, increasing, 0);
}

size_t rl_varints_decode(const uint8_t *data, size_t length, uint64_t *out, uint64_t *largest, uint32_t *increasing) {
#if RL_HAVE_AVX2_PATH
    if (length >= 64 && rl_cpu_has_avx512_vbmi()) return decode(data, length, out, largest, increasing, 2);
#endif
    return rl_varints_decode_avx2(data, length, out, largest, increasing);
}

size_t rl_varints_decode_portable(const uint8_t *data, size_t length, uint64_t *out, uint64_t *largest,
                                  uint32_t *increasing) {
    return decode(data, length, out, largest, increasing, 0);
}

/* Decodes a packed uint64 run into arena memory. 0 when the run is invalid or memory ran out. */
static int decode_run(ProtobufCAllocator *allocator, const ProtobufCBinaryData *run, const uint64_t **out, size_t *count,
                      uint64_t *largest, uint32_t *increasing) {
    *out = NULL;
    *count = 0;
    if (run->len == 0) return 1;
    /* A short run gets room for one key per byte (at most 32 KiB) rather than a counting pass; a long one is counted. */
    size_t room = run->len <= 4096 ? run->len : rl_varints_count(run->data, run->len);
    if (room == 0) return 0; /* no varint ends in the run */
    uint64_t *values = allocator->alloc(allocator->allocator_data, room * sizeof(uint64_t));
    if (values == NULL) return 0;
    size_t decoded = rl_varints_decode(run->data, run->len, values, largest, increasing);
    if (decoded == RL_VARINTS_INVALID || decoded > room) return 0;
    *out = values;
    *count = decoded;
    return 1;
}

/* Whether protobuf-c's packed parser would take every run of a tensor this path does not read. */
static int float32_tensor_valid(const Aialgs__Fast__Float32Tensor *tensor) {
    for (size_t i = 0; i < tensor->n_values; i++)
        if (tensor->values[i].len % 4 != 0) return 0;
    for (size_t i = 0; i < tensor->n_keys; i++)
        if (!rl_varints_valid(tensor->keys[i].data, tensor->keys[i].len)) return 0;
    for (size_t i = 0; i < tensor->n_shape; i++)
        if (!rl_varints_valid(tensor->shape[i].data, tensor->shape[i].len)) return 0;
    return 1;
}

/* Reads the tensor a rule will look at. 0 when the full decode must do it. */
static int take_float32_tensor(const Aialgs__Fast__Float32Tensor *tensor, ProtobufCAllocator *allocator,
                               RLFastTensor *slot) {
    if (tensor->n_values > 1 || tensor->n_keys > 1 || tensor->n_shape > 1) return 0;
    if (tensor->n_values == 1) {
        const ProtobufCBinaryData *values = &tensor->values[0];
        if (values->len % 4 != 0) return 0;
        /* protobuf-c copied the bytes into the arena, whose blocks are 16-aligned. */
        slot->values = values->len > 0 ? (const float *)values->data : NULL;
        slot->n_values = values->len / 4;
    }
    if (tensor->n_keys == 1 &&
        !decode_run(allocator, &tensor->keys[0], &slot->keys, &slot->n_keys, &slot->largest_key, &slot->keys_increasing))
        return 0;
    uint64_t unused_largest;
    uint32_t unused_increasing;
    if (tensor->n_shape == 1 &&
        !decode_run(allocator, &tensor->shape[0], &slot->shape, &slot->n_shape, &unused_largest, &unused_increasing))
        return 0;
    return 1;
}

/* Fills `slot` from a map's "values" entry, entry `chosen` in wire order (the caller finds it comparing
   keys with their length: a C string ends at a NUL the key may hold; `count` or more: none), and checks the
   map's other Float32 tensors (one function per entry type). */
#define RL_DEFINE_TAKE_MAP(name, Entry)                                                                      \
    static int name(Entry *const *entries, size_t count, size_t chosen, ProtobufCAllocator *allocator,          \
                    RLFastTensor *slot) {                                                                    \
        memset(slot, 0, sizeof *slot);                                                                       \
        for (size_t i = 0; i < count; i++) {                                                                 \
            const Aialgs__Fast__Value *value = entries[i]->value;                                            \
            if (i == chosen) {                                                                               \
                slot->state = value == NULL ? RL_ENTRY_NO_VALUE : RL_ENTRY_VALUE;                            \
                slot->value = value;                                                                         \
            }                                                                                                \
            if (!take_value(value, i == chosen, allocator, slot)) return 0;                                  \
        }                                                                                                    \
        return 1;                                                                                            \
    }

/* A map entry's Value: read when it is the one the rules see, checked otherwise (the full decode would reject the whole record). */
static int take_value(const Aialgs__Fast__Value *value, int chosen, ProtobufCAllocator *allocator, RLFastTensor *slot) {
    if (value == NULL || value->value_case != AIALGS__FAST__VALUE__VALUE_FLOAT32_TENSOR) return 1;
    if (value->float32_tensor == NULL) return 0;
    return chosen ? take_float32_tensor(value->float32_tensor, allocator, slot)
                  : float32_tensor_valid(value->float32_tensor);
}

RL_DEFINE_TAKE_MAP(take_features, Aialgs__Fast__Record__FeaturesEntry)
RL_DEFINE_TAKE_MAP(take_label, Aialgs__Fast__Record__LabelEntry)

/*
 * The arena's allocator, counting what protobuf-c frees. In a decode that
 * succeeds protobuf-c frees only what it parsed and then dropped: a oneof
 * member replaced by a later one, a message merged with a later copy of
 * itself, a string given twice (and its scan slabs past 16 fields). A Float32
 * tensor dropped that way was checked by the full schema's packed parser but
 * never by this path, so any free sends the record to the full decode.
 */
typedef struct {
    ProtobufCAllocator allocator;
    ProtobufCAllocator *arena;
    size_t frees;
} CountingAllocator;

static void *counting_alloc(void *data, size_t size) {
    CountingAllocator *counting = data;
    return counting->arena->alloc(counting->arena->allocator_data, size);
}

static void counting_free(void *data, void *pointer) {
    CountingAllocator *counting = data;
    counting->frees++;
    counting->arena->free(counting->arena->allocator_data, pointer);
}

int rl_record_unpack_fast(RLArena *arena, const void *data, size_t length, size_t limit, size_t features_entry,
                          size_t label_entry, RLFastRecord *out) {
    CountingAllocator counting = {{counting_alloc, counting_free, NULL}, rl_arena_begin_record(arena, limit), 0};
    counting.allocator.allocator_data = &counting;
    ProtobufCAllocator *allocator = &counting.allocator;
    const Aialgs__Fast__Record *record = aialgs__fast__record__unpack(allocator, length, (const uint8_t *)data);
    if (record == NULL || counting.frees != 0) return 0;
    if (!take_features(record->features, record->n_features, features_entry, allocator, &out->features)) return 0;
    if (!take_label(record->label, record->n_label, label_entry, allocator, &out->label)) return 0;
    out->uid = record->uid;
    return 1;
}
