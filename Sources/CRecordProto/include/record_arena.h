#ifndef RECORDLINT_RECORD_ARENA_H
#define RECORDLINT_RECORD_ARENA_H
/*
 * A bump allocator for protobuf-c, and the one entry point Swift calls to
 * decode a record.  The arena is owned by exactly one Swift decoder, which
 * creates it, resets it for every record and destroys it in deinit.
 */
#include <stddef.h>
#include "record.pb-c.h"

typedef struct RLArena RLArena;

/* Creates an arena whose first block holds `initial_capacity` bytes; NULL when out of memory. */
RLArena *rl_arena_create(size_t initial_capacity);

/* Frees the arena and everything it handed out. */
void rl_arena_destroy(RLArena *arena);

/* Bytes the arena's main block holds now (it grows after a record overflowed it). */
size_t rl_arena_capacity(const RLArena *arena);

/*
 * Resets the arena (invalidating the previous record) and unpacks `length`
 * bytes at `data` as an aialgs.data.Record with protobuf_c_message_unpack.
 * Returns NULL when the bytes are not a valid record.  The result lives until
 * the next call or rl_arena_destroy.
 */
const Aialgs__Data__Record *rl_record_unpack(RLArena *arena, const void *data, size_t length);

/*
 * Resets the arena (invalidating the previous record) and returns the
 * allocator that hands out its memory, for decodes other than
 * rl_record_unpack's (the fast path in record_fast.c).
 */
ProtobufCAllocator *rl_arena_begin_record(RLArena *arena);

#endif
