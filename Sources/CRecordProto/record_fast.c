#include "record_fast.h"
#include <string.h>

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

size_t rl_varints_decode(const uint8_t *data, size_t length, uint64_t *out, uint64_t *largest, uint32_t *increasing) {
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
