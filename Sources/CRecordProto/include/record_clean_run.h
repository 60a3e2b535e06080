#ifndef RECORDLINT_RECORD_CLEAN_RUN_H
#define RECORDLINT_RECORD_CLEAN_RUN_H
/*
 * The check's shortcut for the common case, a long run of records that every
 * rule passes: rl_clean_run walks the frames buffered in one block, scans each
 * record with rl_record_scan and applies to it, in C, the per-record rules a
 * clean record passes (record_clean_run.c lists them), and stops before the
 * first frame or record it cannot vouch for: the walker and the rules in Swift
 * then take that one the usual way. What it accepts yields no finding by
 * construction; its whole effect on the scan's tally is the counts below.
 */
#include <stddef.h>
#include <stdint.h>
#include "record_arena.h"

/* Which labels the algorithm takes (LabelDomain in Swift). */
typedef enum {
    RL_LABELS_ANY_FINITE = 0,
    RL_LABELS_BINARY = 1,
    /* A non-negative integer below `label_below`. */
    RL_LABELS_INTEGER = 2,
} RLLabelDomain;

/* What the rules demand of a record, worked out once a file (and a block) by the caller. */
typedef struct RLCleanRules {
    /* feature_dim, when has_feature_dim. */
    uint64_t feature_dim;
    uint32_t has_feature_dim;
    /* Whether a record without label["values"] gets missing-label. */
    uint32_t label_required;
    RLLabelDomain label_domain;
    /* For RL_LABELS_INTEGER: labels must be below this (infinity: no bound). */
    double label_below;
    /* When has_dimension: every record accepted must have this dimension; otherwise the first's. */
    uint64_t dimension;
    uint32_t has_dimension;
    /* The decode cap when set (has_decode_cap); otherwise 64 MiB plus 4 bytes a payload byte (DecodeLimits). */
    uint32_t has_decode_cap;
    size_t decode_cap;
    /* Payloads of this many bytes or more are left to the caller (its precheck looks them over first). */
    size_t precheck_bytes;
    /* Records start before this offset of the block, and their frames end at or before reach_limit. */
    size_t stop_before;
    size_t reach_limit;
} RLCleanRules;

/* What rl_clean_run accepted. */
typedef struct RLCleanTally {
    /* Records accepted, and the bytes their frames take: the next record starts there. */
    size_t records;
    size_t consumed;
    /* Whether it stopped before a whole frame in the block (one the caller must check the usual way),
       rather than at the block's end or a limit. */
    uint32_t stopped_at_record;
    /* The dimension of the records accepted. */
    uint64_t dimension;
    /* The label-column evidence of the dense records (LabelColumnEvidence in Swift). */
    size_t labelled;
    size_t first_matches;
    size_t last_matches;
    double first_label;
    uint32_t has_first_label;
    uint32_t labels_vary;
} RLCleanTally;

/*
 * Accepts the longest run of records at the start of the `length` bytes at
 * `data` (a block of a RecordIO file, beginning at a record start) that need no
 * finding under `rules`, and says in `tally` how many and what they add to the
 * scan. Uses `arena` for each record's keys, as rl_record_scan.
 */
void rl_clean_run(RLArena *arena, const uint8_t *data, size_t length, const RLCleanRules *rules, RLCleanTally *tally);

/* Whether any of `count` floats is NaN or infinite (the bits' exponent all ones), for tests of the loop. */
int rl_floats_any_non_finite(const float *values, size_t count);

#endif
