#include "record_scan.h"
#include "record_fast.h"
#include <string.h>

/*
 * Why a scanner of our own, and why it is exact.
 *
 * protobuf-c copies every packed and bytes field out of the payload and walks
 * every message twice (once to count, once to parse), so even with the
 * bytes-typed schema of record_fast.c the decode of a record cost more than
 * the rules that read it. Nearly every record in the wild has one shape,
 * the one the SageMaker SDK (protobuf's serialiser), dmlc-core and
 * recordlint's writer (RecordEncoder) produce: fields in number order,
 * packed repeated fields, empty ones left out:
 *
 *   Record        := [0x0A len Entry] [0x12 len Entry] [0x1A len uid] [0x22 len metadata] [0x2A len configuration]
 *   Entry         := 0x0A 0x06 "values" 0x12 len Value                  (nothing before, between or after)
 *   Value         := 0x12 len Float32Tensor                             (nothing else)
 *   Float32Tensor := [0x0A len floats] [0x12 len varints] [0x1A len varints]   (each run non-empty)
 *
 * where every len is a varint of 1 to 4 bytes (overlong encodings included)
 * whose field ends within its message, and a message ends exactly where its
 * last field does. This scanner accepts exactly that and nothing else, and
 * checks on the way everything protobuf-c checks of those bytes (protobuf-c.c,
 * protobuf_c_message_unpack and parse_packed_repeated_member):
 *
 * - tags: each is one byte naming a field of its message with wire type 2,
 *   which protobuf-c accepts for every field above (messages, strings, and
 *   the packed form of the repeated scalars);
 * - lengths: protobuf-c reads a length prefix of up to 5 bytes as a
 *   size_t, rejects one above INT_MAX or running past the remaining bytes;
 *   one of at most 4 bytes is below 2^28, so the bound is the only check left,
 *   and it is made; a 5-byte prefix goes to protobuf-c;
 * - packed floats: a run is a multiple of 4 bytes (count_packed_elements);
 * - packed uint64: every varint ends within the run and within 10 bytes;
 *   its value is the low 64 bits of its 7-bit groups (rl_varints_decode,
 *   record_fast.c, the same loop as the fast schema's path);
 * - strings (uid, metadata, configuration): protobuf-c checks nothing but the
 *   length (no UTF-8 check) and copies the bytes with a NUL after them; the
 *   uid is copied the same way (metadata and configuration are not read by
 *   anyone, so they are only bounded).
 *
 * What this grammar leaves out is what makes protobuf-c's answer depend on
 * more than these bytes: a field given twice (a string replaced, a message
 * merged, a oneof member replaced, a map entry added: which one wins, and
 * whether a dropped one was valid), unknown fields (which protobuf-c keeps,
 * or rejects with a bad wire type), map entries with other keys (whose
 * values must still be valid), the other tensor kinds, unpacked repeated
 * fields, and fields out of order. Any of them, anywhere, sends the whole
 * record to protobuf-c (record_fast.c, then record.proto's full decode),
 * which stays the arbiter of everything but this one shape. On the shape it
 * takes, the scanner's view is the full decode's: the map's only entry has
 * the key "values", compared with its length (a key "values\0x" is not six
 * bytes), and its Value holds one Float32Tensor whose values, keys and shape
 * are those bytes decoded as protobuf-c decodes them.
 *
 * Floats are read where they lie. Their run may start at any byte of the
 * payload, and a Swift typed pointer must be aligned, so a run at an address
 * not a multiple of 4 is copied into the arena (8-aligned); the writers'
 * layout with a 4-aligned payload puts the features' run on a multiple of 4.
 */

/*
 * Reads a length prefix at p (at least one byte readable before end) of at
 * most 4 bytes and checks that its field fits before end. Returns where the
 * field starts, or NULL (the prefix cut off, longer than 4 bytes, or the field
 * past end).
 */
static inline const uint8_t *length_prefix(const uint8_t *p, const uint8_t *end, size_t *length) {
    size_t available = (size_t)(end - p);
    size_t value = p[0];
    size_t used = 1;
    if (value >= 0x80) {
        value &= 0x7F;
        for (;;) {
            if (used == available || used == 4) return NULL;
            size_t byte = p[used];
            value |= (byte & 0x7F) << (7 * used);
            used++;
            if (byte < 0x80) break;
        }
    }
    if (value > available - used) return NULL;
    *length = value;
    return p + used;
}

/* Decodes a packed uint64 run (non-empty) into arena memory, as record_fast.c's decode_run. */
static RLScanResult scan_varints(ProtobufCAllocator *allocator, const uint8_t *run, size_t length,
                                 const uint64_t **out, size_t *count, uint64_t *largest, uint32_t *increasing) {
    /* A short run gets room for one value per byte (at most 32 KiB) rather than a counting pass; a long one is counted. */
    size_t room = length <= 4096 ? length : rl_varints_count(run, length);
    if (room == 0) return RL_SCAN_VARINTS; /* no varint ends in the run */
    uint64_t *values = allocator->alloc(allocator->allocator_data, room * sizeof(uint64_t));
    if (values == NULL) return RL_SCAN_MEMORY;
    size_t decoded = rl_varints_decode(run, length, values, largest, increasing);
    if (decoded == RL_VARINTS_INVALID || decoded > room) return RL_SCAN_VARINTS;
    *out = values;
    *count = decoded;
    return RL_SCAN_TAKEN;
}

/* Scans a Float32Tensor message of `length` bytes at p (the grammar above). */
static RLScanResult scan_tensor(const uint8_t *p, size_t length, ProtobufCAllocator *allocator, RLScanTensor *slot) {
    const uint8_t *end = p + length;
    unsigned last = 0;
    while (p < end) {
        unsigned tag = *p++;
        unsigned number = tag >> 3;
        if ((tag & 7) != 2 || number < 1 || number > 3 || number <= last) return RL_SCAN_TENSOR;
        last = number;
        if (p == end) return RL_SCAN_LENGTH;
        size_t run;
        p = length_prefix(p, end, &run);
        if (p == NULL) return RL_SCAN_LENGTH;
        if (run == 0) return RL_SCAN_TENSOR;
        const uint8_t *data = p;
        p += run;
        RLScanResult result = RL_SCAN_TAKEN;
        switch (number) {
        case 1:
            if (run % 4 != 0) return RL_SCAN_FLOATS;
            if (((uintptr_t)data & 3) == 0) {
                slot->values = (const float *)(const void *)data;
            } else {
                float *copy = allocator->alloc(allocator->allocator_data, run);
                if (copy == NULL) return RL_SCAN_MEMORY;
                memcpy(copy, data, run);
                slot->values = copy;
            }
            slot->n_values = run / 4;
            break;
        case 2:
            result = scan_varints(allocator, data, run, &slot->keys, &slot->n_keys, &slot->largest_key,
                                  &slot->keys_increasing);
            break;
        default: {
            uint64_t unused_largest;
            uint32_t unused_increasing;
            result = scan_varints(allocator, data, run, &slot->shape, &slot->n_shape, &unused_largest,
                                  &unused_increasing);
            break;
        }
        }
        if (result != RL_SCAN_TAKEN) return result;
    }
    return RL_SCAN_TAKEN;
}

/* Scans a map entry of `length` bytes at p: exactly key "values" and one Value holding one Float32Tensor. */
static RLScanResult scan_entry(const uint8_t *p, size_t length, ProtobufCAllocator *allocator, RLScanTensor *slot) {
    static const uint8_t key[9] = {0x0A, 0x06, 'v', 'a', 'l', 'u', 'e', 's', 0x12};
    const uint8_t *end = p + length;
    if (length < sizeof key + 1 || memcmp(p, key, sizeof key) != 0) return RL_SCAN_ENTRY;
    size_t value_length;
    const uint8_t *value = length_prefix(p + sizeof key, end, &value_length);
    if (value == NULL) return RL_SCAN_LENGTH;
    if (value + value_length != end) return RL_SCAN_ENTRY; /* a field after the Value */
    /* The Value: one float32_tensor field (2) and nothing else. */
    const uint8_t *value_end = value + value_length;
    if (value_length < 2 || value[0] != 0x12) return RL_SCAN_VALUE;
    size_t tensor_length;
    const uint8_t *tensor = length_prefix(value + 1, value_end, &tensor_length);
    if (tensor == NULL) return RL_SCAN_LENGTH;
    if (tensor + tensor_length != value_end) return RL_SCAN_VALUE;
    memset(slot, 0, sizeof *slot);
    slot->present = 1;
    slot->keys_increasing = 1;
    return scan_tensor(tensor, tensor_length, allocator, slot);
}

RLScanResult rl_record_scan(RLArena *arena, const void *data, size_t length, size_t limit, RLScanRecord *out) {
    ProtobufCAllocator *allocator = rl_arena_begin_record(arena, limit);
    const uint8_t *p = data;
    const uint8_t *end = p + length;
    memset(out, 0, sizeof *out);
    unsigned last = 0;
    while (p < end) {
        unsigned tag = *p++;
        unsigned number = tag >> 3;
        if ((tag & 7) != 2 || number < 1 || number > 5 || number <= last) return RL_SCAN_RECORD_FIELD;
        last = number;
        if (p == end) return RL_SCAN_LENGTH;
        size_t field_length;
        p = length_prefix(p, end, &field_length);
        if (p == NULL) return RL_SCAN_LENGTH;
        const uint8_t *field = p;
        p += field_length;
        RLScanResult result = RL_SCAN_TAKEN;
        switch (number) {
        case 1: result = scan_entry(field, field_length, allocator, &out->features); break;
        case 2: result = scan_entry(field, field_length, allocator, &out->label); break;
        case 3: {
            char *uid = allocator->alloc(allocator->allocator_data, field_length + 1);
            if (uid == NULL) return RL_SCAN_MEMORY;
            memcpy(uid, field, field_length);
            uid[field_length] = 0;
            out->uid = uid;
            break;
        }
        default: break; /* metadata, configuration: strings no one reads */
        }
        if (result != RL_SCAN_TAKEN) return result;
    }
    return RL_SCAN_TAKEN;
}
