#include "record_arena.h"
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

/* A mapping: an overflow chunk bumped like the main block, or one large allocation. */
typedef struct RLMapping {
    struct RLMapping *next;
    struct RLMapping *previous;
    size_t mapped;        /* bytes of the mapping, this header included */
    size_t handed_out;    /* for a large block: the bytes counted as live */
    max_align_t payload[];
} RLMapping;

/* A small allocation near the bump pointer, so that a free in reverse order gives memory back. */
typedef struct {
    unsigned char *pointer;
    size_t bump_before;
    int freed;
} RLRecent;

enum { rl_recent_capacity = 32 };

struct RLArena {
    ProtobufCAllocator allocator;   /* handed to protobuf-c; allocator_data points back here */
    unsigned char *block;           /* the main block, kept between records */
    size_t capacity;
    unsigned char *bump_base;       /* where small allocations come from now: the main block or the newest chunk */
    size_t bump_capacity;
    size_t bump_used;
    RLMapping *chunks;
    size_t next_chunk;
    RLMapping *large;
    size_t mapped;                  /* bytes of all mappings */
    size_t small_bytes;             /* small bytes handed out this record, for sizing the main block */
    size_t live;                    /* bytes handed out and not given back */
    size_t limit;
    RLDecodeStatus status;
    size_t refused;
    size_t live_at_refusal;
    RLRecent recent[rl_recent_capacity];
    int recent_count;
};

static const size_t rl_alignment = 8;
static const size_t rl_first_chunk = (size_t)1 << 20;
static const size_t rl_largest_chunk = (size_t)64 << 20;

static RLMapping *rl_map(RLArena *arena, size_t payload_bytes) {
    size_t page = 4096;
    if (payload_bytes > SIZE_MAX - sizeof(RLMapping) - page) return NULL;
    size_t bytes = (sizeof(RLMapping) + payload_bytes + page - 1) & ~(page - 1);
    void *mapping = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mapping == MAP_FAILED) return NULL;
    RLMapping *result = mapping;
    result->next = NULL;
    result->previous = NULL;
    result->mapped = bytes;
    result->handed_out = 0;
    arena->mapped += bytes;
    return result;
}

static void rl_unmap(RLArena *arena, RLMapping *mapping) {
    arena->mapped -= mapping->mapped;
    munmap(mapping, mapping->mapped);
}

/* Refuses a request; protobuf-c then fails the decode. */
static void *rl_refuse(RLArena *arena, size_t size, RLDecodeStatus status) {
    if (arena->status == RL_DECODE_OK) {
        arena->status = status;
        arena->refused = size;
        arena->live_at_refusal = arena->live;
    }
    return NULL;
}

static void *rl_alloc_large(RLArena *arena, size_t size) {
    RLMapping *block = rl_map(arena, size);
    if (block == NULL) return rl_refuse(arena, size, RL_DECODE_NO_MEMORY);
    block->handed_out = size;
    block->next = arena->large;
    if (arena->large != NULL) arena->large->previous = block;
    arena->large = block;
    arena->live += size;
    return block->payload;
}

static void *rl_arena_alloc(void *allocator_data, size_t size) {
    RLArena *arena = allocator_data;
    if (arena->status != RL_DECODE_OK) return NULL;
    if (size > arena->limit - arena->live) return rl_refuse(arena, size, RL_DECODE_LIMIT);
    if (size >= RL_ARENA_LARGE) return rl_alloc_large(arena, size);
    size_t rounded = (size + rl_alignment - 1) & ~(rl_alignment - 1);
    if (rounded > arena->limit - arena->live) return rl_refuse(arena, rounded, RL_DECODE_LIMIT);
    if (arena->bump_capacity - arena->bump_used < rounded) {
        size_t chunk_bytes = arena->next_chunk;
        RLMapping *chunk = rl_map(arena, chunk_bytes);
        if (chunk == NULL) return rl_refuse(arena, size, RL_DECODE_NO_MEMORY);
        chunk->next = arena->chunks;
        arena->chunks = chunk;
        if (arena->next_chunk < rl_largest_chunk) arena->next_chunk *= 2;
        arena->bump_base = (unsigned char *)chunk->payload;
        arena->bump_capacity = chunk_bytes;
        arena->bump_used = 0;
        arena->recent_count = 0;  /* frees in reverse order only within one region */
    }
    unsigned char *result = arena->bump_base + arena->bump_used;
    if (arena->recent_count == rl_recent_capacity) {
        /* Forget the oldest: memory before it is never given back now. */
        for (int index = 1; index < rl_recent_capacity; index++) arena->recent[index - 1] = arena->recent[index];
        arena->recent_count--;
    }
    arena->recent[arena->recent_count++] = (RLRecent){result, arena->bump_used, 0};
    arena->bump_used += rounded;
    arena->small_bytes += rounded;
    arena->live += rounded;
    return result;
}

/*
 * protobuf-c frees when a oneof is set again (the previous member), when a
 * message's temporary scan slabs are done with, and on errors.  A large
 * block is unmapped at once; a small one is given back when it and every
 * allocation after it in its region have been freed (a run of frees in
 * reverse order, as replacing a oneof member makes); others wait for the reset.
 */
static void rl_arena_free(void *allocator_data, void *pointer) {
    RLArena *arena = allocator_data;
    if (pointer == NULL) return;
    for (int index = arena->recent_count - 1; index >= 0; index--) {
        if (arena->recent[index].pointer == pointer) {
            arena->recent[index].freed = 1;
            while (arena->recent_count > 0 && arena->recent[arena->recent_count - 1].freed) {
                size_t before = arena->recent[arena->recent_count - 1].bump_before;
                size_t given_back = arena->bump_used - before;
                arena->live -= given_back;
                arena->small_bytes -= given_back;
                arena->bump_used = before;
                arena->recent_count--;
            }
            return;
        }
    }
    for (RLMapping *block = arena->large; block != NULL; block = block->next) {
        if ((void *)block->payload != pointer) continue;
        if (block->previous != NULL) block->previous->next = block->next;
        else arena->large = block->next;
        if (block->next != NULL) block->next->previous = block->previous;
        arena->live -= block->handed_out;
        rl_unmap(arena, block);
        return;
    }
}

RLArena *rl_arena_create(size_t initial_capacity) {
    RLArena *arena = calloc(1, sizeof(RLArena));
    if (arena == NULL) return NULL;
    arena->block = malloc(initial_capacity);
    if (arena->block == NULL) {
        free(arena);
        return NULL;
    }
    arena->capacity = initial_capacity;
    arena->bump_base = arena->block;
    arena->bump_capacity = initial_capacity;
    arena->next_chunk = rl_first_chunk;
    arena->allocator.alloc = rl_arena_alloc;
    arena->allocator.free = rl_arena_free;
    arena->allocator.allocator_data = arena;
    return arena;
}

static void rl_unmap_all(RLArena *arena) {
    while (arena->chunks != NULL) {
        RLMapping *next = arena->chunks->next;
        rl_unmap(arena, arena->chunks);
        arena->chunks = next;
    }
    while (arena->large != NULL) {
        RLMapping *next = arena->large->next;
        rl_unmap(arena, arena->large);
        arena->large = next;
    }
}

static void rl_arena_reset(RLArena *arena) {
    int overflowed = arena->chunks != NULL;
    rl_unmap_all(arena);
    if (overflowed && arena->capacity < RL_ARENA_RETAINED_MAX) {
        /* Grow so that a record this size fits next time without a mapping, up to the retained maximum. */
        size_t wanted = arena->capacity;
        while (wanted < arena->small_bytes && wanted < RL_ARENA_RETAINED_MAX) wanted *= 2;
        if (wanted > RL_ARENA_RETAINED_MAX) wanted = RL_ARENA_RETAINED_MAX;
        unsigned char *bigger = malloc(wanted);
        if (bigger != NULL) {
            free(arena->block);
            arena->block = bigger;
            arena->capacity = wanted;
        }
    }
    arena->bump_base = arena->block;
    arena->bump_capacity = arena->capacity;
    arena->bump_used = 0;
    arena->next_chunk = rl_first_chunk;
    arena->small_bytes = 0;
    arena->live = 0;
    arena->status = RL_DECODE_OK;
    arena->refused = 0;
    arena->live_at_refusal = 0;
    arena->recent_count = 0;
}

void rl_arena_destroy(RLArena *arena) {
    if (arena == NULL) return;
    rl_unmap_all(arena);
    free(arena->block);
    free(arena);
}

size_t rl_arena_capacity(const RLArena *arena) { return arena->capacity; }

size_t rl_arena_mapped_bytes(const RLArena *arena) { return arena->mapped; }

RLDecodeStatus rl_arena_status(const RLArena *arena) { return arena->status; }

size_t rl_arena_refused_bytes(const RLArena *arena) { return arena->refused; }

size_t rl_arena_live_bytes(const RLArena *arena) {
    return arena->status == RL_DECODE_LIMIT || arena->status == RL_DECODE_NO_MEMORY ? arena->live_at_refusal : arena->live;
}

const Aialgs__Data__Record *rl_record_unpack(RLArena *arena, const void *data, size_t length, size_t limit) {
    rl_arena_reset(arena);
    arena->limit = limit;
    const Aialgs__Data__Record *record =
        aialgs__data__record__unpack(&arena->allocator, length, (const uint8_t *)data);
    if (record == NULL && arena->status == RL_DECODE_OK) arena->status = RL_DECODE_INVALID;
    if (record != NULL) arena->status = RL_DECODE_OK;
    return record;
}

ProtobufCAllocator *rl_arena_begin_record(RLArena *arena, size_t limit) {
    rl_arena_reset(arena);
    arena->limit = limit;
    return &arena->allocator;
}
