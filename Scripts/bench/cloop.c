/*
 * The baseline of `make bench`: a plain single-threaded C loop over the
 * project's own protoc-c output.  It maps the file, walks complete frames,
 * unpacks each record with the arena allocator, and does the dimension and a
 * scalar finiteness check.  Prints: records bad_dimension non_finite.
 *   cc -O2 -I Sources/CRecordProto/include cloop.c Sources/CRecordProto/*.c -lprotobuf-c
 *   cloop FILE FEATURE_DIM
 */
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include "record_arena.h"

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: cloop FILE FEATURE_DIM\n"); return 64; }
    int fd = open(argv[1], O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) { perror(argv[1]); return 2; }
    size_t size = (size_t)st.st_size;
    const uint8_t *data = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (data == MAP_FAILED) { perror("mmap"); return 2; }
    uint64_t feature_dim = strtoull(argv[2], NULL, 10);
    RLArena *arena = rl_arena_create(256 << 10);
    size_t pos = 0, records = 0, bad_dimension = 0, non_finite = 0;
    while (pos + 8 <= size) {
        uint32_t magic, lrec;
        memcpy(&magic, data + pos, 4);
        memcpy(&lrec, data + pos + 4, 4);
        if (magic != 0xCED7230A) { fprintf(stderr, "bad magic at %zu\n", pos); return 1; }
        size_t length = lrec & 0x1FFFFFFF;
        if (pos + 8 + length > size) { fprintf(stderr, "truncated at %zu\n", pos); return 1; }
        const Aialgs__Data__Record *record = rl_record_unpack(arena, data + pos + 8, length, SIZE_MAX); /* no cap: the baseline measures the decode alone */
        records++;
        if (record != NULL) {
            for (size_t i = 0; i < record->n_features; i++) {
                if (strcmp(record->features[i]->key, "values") != 0) continue;
                const Aialgs__Data__Value *value = record->features[i]->value;
                if (value == NULL || value->value_case != AIALGS__DATA__VALUE__VALUE_FLOAT32_TENSOR) continue;
                const Aialgs__Data__Float32Tensor *tensor = value->float32_tensor;
                if (tensor->n_keys == 0 && tensor->n_values != feature_dim) bad_dimension++;
                for (size_t j = 0; j < tensor->n_values; j++) {
                    if (!isfinite(tensor->values[j])) { non_finite++; break; }
                }
            }
        }
        pos += 8 + ((length + 3) & ~(size_t)3);
    }
    printf("%zu %zu %zu\n", records, bad_dimension, non_finite);
    rl_arena_destroy(arena);
    return 0;
}
