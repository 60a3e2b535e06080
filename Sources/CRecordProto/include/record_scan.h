#ifndef RECORDLINT_RECORD_SCAN_H
#define RECORDLINT_RECORD_SCAN_H
/*
 * The decoder's first path: a hand-written scanner of the wire format that
 * takes only records of the canonical shape the SageMaker SDK, dmlc-core and
 * recordlint's own writer produce, and hands the rules pointers into the
 * payload (see record_scan.c for the grammar and why it is exact). A record
 * it does not recognise makes rl_record_scan return a reason other than
 * RL_SCAN_TAKEN, and the caller decodes it with protobuf-c (record_fast.c,
 * then record.proto's full decode).
 */
#include <stddef.h>
#include <stdint.h>
#include "record_arena.h"

/* What rl_record_scan made of a record: taken, or why the protobuf-c decode must take it. */
typedef enum {
    RL_SCAN_TAKEN = 0,
    /* A Record field that is unknown, given twice, out of field-number order, or not length-delimited. */
    RL_SCAN_RECORD_FIELD = 1,
    /* A length prefix cut off, longer than 4 bytes, or running past the end of its message. */
    RL_SCAN_LENGTH = 2,
    /* A map entry other than exactly: key "values" (six bytes), then one Value. */
    RL_SCAN_ENTRY = 3,
    /* A Value other than exactly one Float32Tensor (another kind, none, the oneof twice, unknown fields). */
    RL_SCAN_VALUE = 4,
    /* A Float32Tensor field unknown, unpacked, empty, given twice or out of order. */
    RL_SCAN_TENSOR = 5,
    /* A packed float run whose length is not a multiple of 4. */
    RL_SCAN_FLOATS = 6,
    /* A packed varint run protobuf-c rejects: a varint cut off by the run's end or longer than 10 bytes. */
    RL_SCAN_VARINTS = 7,
    /* The arena refused memory for the decoded keys or shape, or the uid (the cap, or the system). */
    RL_SCAN_MEMORY = 8,
} RLScanResult;

/* A map's "values" entry as the scanner read it: always a Float32Tensor when present. */
typedef struct RLScanTensor {
    /* 0: the map has no entry; 1: a Float32Tensor, below. */
    uint32_t present;
    /* Where the values lie in the payload when 4-aligned, else an aligned copy in the arena. */
    const float *values;
    size_t n_values;
    /* The keys and shape decoded into the arena. */
    const uint64_t *keys;
    size_t n_keys;
    const uint64_t *shape;
    size_t n_shape;
    /* The largest key (0 without keys), and whether every key is above the one before it. */
    uint64_t largest_key;
    uint32_t keys_increasing;
} RLScanTensor;

typedef struct RLScanRecord {
    RLScanTensor features;
    RLScanTensor label;
    /* The uid copied into the arena with a NUL after it (as protobuf-c's copy), or NULL. */
    const char *uid;
} RLScanRecord;

/*
 * Resets the arena and scans `length` bytes at `data`, allocating at most
 * `limit` bytes from the arena (as rl_record_unpack). RL_SCAN_TAKEN: `out`
 * holds the record, its pointers valid while `data` is and until the arena's
 * next reset. Anything else: `out` is meaningless; decode with protobuf-c.
 */
RLScanResult rl_record_scan(RLArena *arena, const void *data, size_t length, size_t limit, RLScanRecord *out);

#endif
