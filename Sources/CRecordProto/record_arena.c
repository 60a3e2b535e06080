#include "record_arena.h"
#include <stdint.h>
#include <stdlib.h>

/* A block that did not fit in the main block; freed at the next reset. */
typedef struct RLOverflow {
    struct RLOverflow *next;
    max_align_t payload[];
} RLOverflow;

struct RLArena {
    ProtobufCAllocator allocator;   /* handed to protobuf-c; allocator_data points back here */
    unsigned char *block;
    size_t capacity;
    size_t used;
    RLOverflow *overflow;
    size_t overflow_bytes;
};

static const size_t rl_alignment = 16;

static void *rl_arena_alloc(void *allocator_data, size_t size) {
    RLArena *arena = allocator_data;
    size_t rounded = (size + rl_alignment - 1) & ~(rl_alignment - 1);
    if (rounded >= size && arena->capacity - arena->used >= rounded) {
        void *result = arena->block + arena->used;
        arena->used += rounded;
        return result;
    }
    RLOverflow *extra = malloc(sizeof(RLOverflow) + size);
    if (extra == NULL) return NULL;
    extra->next = arena->overflow;
    arena->overflow = extra;
    arena->overflow_bytes += rounded;
    return extra->payload;
}

/* Memory is reclaimed all at once by the reset. */
static void rl_arena_free(void *allocator_data, void *pointer) {
    (void)allocator_data;
    (void)pointer;
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
    arena->allocator.alloc = rl_arena_alloc;
    arena->allocator.free = rl_arena_free;
    arena->allocator.allocator_data = arena;
    return arena;
}

static void rl_arena_reset(RLArena *arena) {
    size_t wanted = arena->used + arena->overflow_bytes;
    while (arena->overflow != NULL) {
        RLOverflow *next = arena->overflow->next;
        free(arena->overflow);
        arena->overflow = next;
    }
    if (arena->overflow_bytes > 0) {
        /* Grow so that a record this size fits next time without malloc. */
        unsigned char *bigger = malloc(wanted * 2);
        if (bigger != NULL) {
            free(arena->block);
            arena->block = bigger;
            arena->capacity = wanted * 2;
        }
    }
    arena->overflow_bytes = 0;
    arena->used = 0;
}

void rl_arena_destroy(RLArena *arena) {
    if (arena == NULL) return;
    rl_arena_reset(arena);
    free(arena->block);
    free(arena);
}

size_t rl_arena_capacity(const RLArena *arena) {
    return arena->capacity;
}

const Aialgs__Data__Record *rl_record_unpack(RLArena *arena, const void *data, size_t length) {
    rl_arena_reset(arena);
    return aialgs__data__record__unpack(&arena->allocator, length, (const uint8_t *)data);
}

ProtobufCAllocator *rl_arena_begin_record(RLArena *arena) {
    rl_arena_reset(arena);
    return &arena->allocator;
}
