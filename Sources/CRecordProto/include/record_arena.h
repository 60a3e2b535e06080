#ifndef RECORDLINT_RECORD_ARENA_H
#define RECORDLINT_RECORD_ARENA_H
/*
 * A capped bump allocator for protobuf-c, and the one entry point Swift calls
 * to decode a record.  The arena is owned by exactly one Swift decoder, which
 * creates it, resets it for every record and destroys it in deinit.
 *
 * Memory: small allocations are bumped out of a retained main block (at most
 * RL_ARENA_RETAINED_MAX bytes, kept between records) and then out of mapped
 * chunks; allocations of RL_ARENA_LARGE bytes or more get a mapping each,
 * unmapped as soon as protobuf-c frees them.  Every mapping is returned to the
 * system at the next reset, so one huge record does not keep its memory for
 * the rest of the run.  The bytes handed out and not given back never exceed
 * the limit passed to rl_record_unpack: a record that would need more fails
 * with RL_DECODE_LIMIT, not as invalid bytes.
 */
#include <stddef.h>
#include "record.pb-c.h"

typedef struct RLArena RLArena;

/* How the last rl_record_unpack ended. */
typedef enum {
    RL_DECODE_OK = 0,
    /* The bytes are not a valid aialgs.data.Record. */
    RL_DECODE_INVALID = 1,
    /* Decoding would have needed more than the limit. */
    RL_DECODE_LIMIT = 2,
    /* The system refused memory below the limit. */
    RL_DECODE_NO_MEMORY = 3,
} RLDecodeStatus;

/* Allocations this large or larger get their own mapping. */
#define RL_ARENA_LARGE ((size_t)256 << 10)
/* The main block is never kept larger than this between records. */
#define RL_ARENA_RETAINED_MAX ((size_t)8 << 20)

/* Creates an arena whose first block holds `initial_capacity` bytes; NULL when out of memory. */
RLArena *rl_arena_create(size_t initial_capacity);

/* Frees the arena and everything it handed out. */
void rl_arena_destroy(RLArena *arena);

/* Bytes the arena's main block holds now (kept between records). */
size_t rl_arena_capacity(const RLArena *arena);

/* Bytes mapped beyond the main block now (chunks and large blocks of the last record). */
size_t rl_arena_mapped_bytes(const RLArena *arena);

/* The status of the last rl_record_unpack. */
RLDecodeStatus rl_arena_status(const RLArena *arena);

/* The size of the request the last decode was refused (RL_DECODE_LIMIT or RL_DECODE_NO_MEMORY). */
size_t rl_arena_refused_bytes(const RLArena *arena);

/* Bytes handed out and not given back when the last decode ended or was refused. */
size_t rl_arena_live_bytes(const RLArena *arena);

/*
 * Resets the arena (invalidating the previous record) and unpacks `length`
 * bytes at `data` as an aialgs.data.Record with protobuf_c_message_unpack,
 * handing out at most `limit` bytes.  Returns NULL when it fails; then
 * rl_arena_status says why.  The result lives until the next call or
 * rl_arena_destroy.
 */
const Aialgs__Data__Record *rl_record_unpack(RLArena *arena, const void *data, size_t length, size_t limit);

/*
 * Resets the arena (invalidating the previous record) and returns the
 * allocator that hands out its memory, for decodes other than
 * rl_record_unpack's (the fast path in record_fast.c).
 */
ProtobufCAllocator *rl_arena_begin_record(RLArena *arena, size_t limit);

#endif
