#ifndef RECORDLINT_RECORD_FAST_H
#define RECORDLINT_RECORD_FAST_H
/*
 * The fast path of the decoder: an aialgs.data.Record decoded with the
 * wire-compatible schema Proto/record_fast.proto, in which a Float32Tensor's
 * packed fields arrive as bytes. protobuf-c still decodes the structure;
 * the float values are read where protobuf-c put them and the keys and shape
 * are decoded here by a varint loop made for short keys. A record this path
 * cannot take with certainty of giving what protobuf-c gives with
 * record.proto makes rl_record_unpack_fast return 0, and the caller decodes
 * it with rl_record_unpack instead.
 */
#include <stddef.h>
#include <stdint.h>
#include "record_arena.h"
#include "record_fast.pb-c.h"

/* What a map holds under the key "values" (the last such entry wins). */
#define RL_ENTRY_MISSING 0u     /* no entry */
#define RL_ENTRY_NO_VALUE 1u    /* an entry without a Value */
#define RL_ENTRY_VALUE 2u       /* an entry with a Value; see `value` */

typedef struct RLFastTensor {
    uint32_t state;
    /* The entry's Value. Its value_case says what it holds; Float64 and Int32
     * tensors (and Bytes) are read from it as protobuf-c unpacked them. */
    const Aialgs__Fast__Value *value;
    /* A Float32Tensor's fields: the values where protobuf-c copied their
     * bytes (16-aligned, in the arena), the keys and shape decoded. */
    const float *values;
    size_t n_values;
    const uint64_t *keys;
    size_t n_keys;
    const uint64_t *shape;
    size_t n_shape;
    /* What the keys' decode saw on the way: the largest key (0 without keys)
     * and whether every key is above the one before it. */
    uint64_t largest_key;
    uint32_t keys_increasing;
} RLFastTensor;

typedef struct RLFastRecord {
    RLFastTensor features;
    RLFastTensor label;
    const char *uid;
} RLFastRecord;

/*
 * Resets the arena and decodes `length` bytes at `data` into `out`, allocating at most `limit` bytes
 * (as rl_record_unpack). `features_entry` and `label_entry` are the wire-order indices of the
 * maps' "values" entries (SIZE_MAX: none), found comparing keys with their length. Returns 1
 * when the record was taken; 0 when it must be decoded with rl_record_unpack
 * (it does not decode with the fast schema, a packed field the rules read
 * comes in more than one piece, or a packed run is one protobuf-c's packed
 * parser rejects). Pointers in `out` live until the arena's next reset.
 */
int rl_record_unpack_fast(RLArena *arena, const void *data, size_t length, size_t limit, size_t features_entry,
                          size_t label_entry, RLFastRecord *out);

/* Returned by rl_varints_decode for a run protobuf-c rejects. */
#define RL_VARINTS_INVALID SIZE_MAX

/* How many varints a packed run of `length` bytes holds if it is valid: its bytes below 0x80. */
size_t rl_varints_count(const uint8_t *data, size_t length);

/*
 * Decodes the packed uint64 varints of a run of `length` bytes into `out`
 * (room for rl_varints_count entries), exactly as protobuf-c does: each
 * varint is 1 to 10 bytes, its value the low 64 bits of its 7-bit groups
 * (overlong encodings are accepted, bits past the 64th dropped). Returns how
 * many were decoded, or RL_VARINTS_INVALID when a varint runs past the end of
 * the run or past 10 bytes. `largest` and `increasing` (either may be NULL)
 * receive the largest value and whether each value is above the one before.
 */
size_t rl_varints_decode(const uint8_t *data, size_t length, uint64_t *out, uint64_t *largest, uint32_t *increasing);

/* rl_varints_decode without its AVX-512 loop (used where the CPU has AVX-512 VBMI), for tests of every loop. */
size_t rl_varints_decode_avx2(const uint8_t *data, size_t length, uint64_t *out, uint64_t *largest,
                              uint32_t *increasing);

/* rl_varints_decode without its AVX-512 and AVX2 loops (used where the CPU has them), for tests of every loop. */
size_t rl_varints_decode_portable(const uint8_t *data, size_t length, uint64_t *out, uint64_t *largest,
                                  uint32_t *increasing);

/* Whether the CPU and the system allow AVX2 (for the loops that have an AVX2 form; 0 off x86-64). */
int rl_cpu_has_avx2(void);

/* Whether the CPU and the system allow AVX-512 F, BW and VBMI (the key loop's sixteen-key form; 0 off x86-64). */
int rl_cpu_has_avx512_vbmi(void);

/* Whether a packed run is valid (every varint ends within 10 bytes and within the run). */
int rl_varints_valid(const uint8_t *data, size_t length);

#endif
