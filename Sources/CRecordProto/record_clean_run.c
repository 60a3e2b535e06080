#include "record_clean_run.h"
#include "record_fast.h"
#include "record_scan.h"
#include <math.h>
#include <string.h>
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define RL_HAVE_AVX2_FLOATS 1
#include <immintrin.h>
#else
#define RL_HAVE_AVX2_FLOATS 0
#endif

/*
 * Why the clean run is in C, and why it is exact.
 *
 * On a file of clean sparse records the Swift side of the check (the walker's
 * step, the decode outcome, the rules, each with its context and reference
 * counting) cost more than the scan of the record itself, though all it did
 * for such a record was count it. This loop does that counting for the run of
 * records that pass every per-record rule, and leaves to Swift every frame and
 * record it cannot vouch for, which Swift then checks as before. So it never
 * makes a finding: it only has to be sure that Swift would have made none, and
 * add to the tally what Swift would have added. For each frame it demands what
 * RecordWalker.step and RecordChecker.check would find unremarkable:
 *
 * - the frame: the magic, continuation flag 0, the frame and the next frame's
 *   header in the block, that header's magic (RecordWalker.boundary: then no
 *   record can start inside this one), zero padding, the walk's limits;
 * - the decode: a payload below the precheck size, a cap at least the
 *   scanner's headroom (RecordDecoder.canonicalView), and rl_record_scan taking
 *   it, which makes protobuf and protobuf-c read it alike (no ambiguity or
 *   disagreement to note);
 * - the features (FeatureRules, DimensionRules, SparseRules, ValueRules): a
 *   Float32Tensor under "values"; dense: feature_dim values when it is known;
 *   sparse (keys, or a shape and no values: TensorView.isSparse): as many keys
 *   as values, a shape, [feature_dim] when that is known, keys strictly
 *   increasing and below feature_dim or shape[0]; no NaN or infinity; a
 *   dimension (value count, or shape[0] up to INT64_MAX) equal to the run's;
 * - the label (LabelRules): absent only where the algorithm and channel do not
 *   require one, else one finite value in the label domain.
 *
 * The tally gains the records (their count and dimension) and the dense
 * records' label-column evidence (LabelColumnEvidence.note, computed the same
 * way). The differential fuzz target and CleanRunTests hold the report with
 * this loop to the report without it.
 */

#define RL_MAGIC 0xCED7230Au
#define RL_FRAME_LENGTH_MASK 0x1FFFFFFFu

static inline uint32_t load32(const uint8_t *p) {
    uint32_t word;
    memcpy(&word, p, 4);
    return word;
}

/* Whether a float's bits are NaN or infinite: its magnitude plus one unit of the lowest exponent bit carries into bit 31. */
static inline uint32_t non_finite_carry(uint32_t bits) { return (bits & 0x7FFFFFFFu) + 0x00800000u; }

static int any_non_finite_portable(const uint32_t *words, size_t count) {
    uint32_t carries = 0;
    for (size_t i = 0; i < count; i++) carries |= non_finite_carry(words[i]);
    return (carries >> 31) != 0;
}

#if RL_HAVE_AVX2_FLOATS
/* non_finite_carry of the eight words at `words`, OR-ed into `carries`. */
__attribute__((target("avx2"))) static inline __m256i or_carries_avx2(__m256i carries, const uint32_t *words) {
    __m256i x = _mm256_loadu_si256((const __m256i *)(const void *)words);
    __m256i magnitude = _mm256_and_si256(x, _mm256_set1_epi32(0x7FFFFFFF));
    return _mm256_or_si256(carries, _mm256_add_epi32(magnitude, _mm256_set1_epi32(0x00800000)));
}

/* At least 16 words, 16 at a time in two chains. */
__attribute__((target("avx2"))) static int any_non_finite_avx2(const uint32_t *words, size_t count) {
    __m256i a = _mm256_setzero_si256(), b = _mm256_setzero_si256();
    size_t i = 0;
    for (; i + 16 <= count; i += 16) {
        a = or_carries_avx2(a, words + i);
        b = or_carries_avx2(b, words + i + 8);
    }
    /* The last 16 words (some seen already: an OR does not mind), for a tail without a scalar loop. */
    if (i < count) {
        a = or_carries_avx2(a, words + count - 16);
        b = or_carries_avx2(b, words + count - 8);
    }
    return _mm256_movemask_ps(_mm256_castsi256_ps(_mm256_or_si256(a, b))) != 0;
}
#endif

int rl_floats_any_non_finite(const float *values, size_t count) {
    const uint32_t *words = (const uint32_t *)(const void *)values;
#if RL_HAVE_AVX2_FLOATS
    if (count >= 16 && rl_cpu_has_avx2()) return any_non_finite_avx2(words, count);
#endif
    return any_non_finite_portable(words, count);
}

/* TensorView.isSparse: keys, or a shape and no values (the SDK's all-zero sparse row). */
static inline int is_sparse(const RLScanTensor *tensor) {
    return tensor->n_keys > 0 || (tensor->n_values == 0 && tensor->n_shape > 0);
}

/* The features' dimension when no rule finds anything in them; -1 when one would. */
static int64_t clean_features(const RLScanTensor *features, const RLCleanRules *rules) {
    if (!features->present) return -1; /* missing-features */
    uint64_t dimension;
    if (is_sparse(features)) {
        if (features->n_keys != features->n_values) return -1; /* sparse-length-mismatch */
        if (features->n_shape == 0) return -1;                 /* sparse-shape-missing */
        if (rules->has_feature_dim && (features->n_shape != 1 || features->shape[0] != rules->feature_dim))
            return -1; /* sparse-shape-mismatch */
        uint64_t bound = rules->has_feature_dim ? rules->feature_dim : features->shape[0];
        /* sparse-key-out-of-range, sparse-keys-unsorted, sparse-duplicate-key */
        if (features->n_keys > 0 && !(features->keys_increasing && features->largest_key < bound)) return -1;
        dimension = features->shape[0];
        if (dimension > (uint64_t)INT64_MAX) return -1; /* no dimension for the histogram: left to Swift */
    } else {
        dimension = features->n_values;
        if (rules->has_feature_dim && dimension != rules->feature_dim) return -1; /* dimension-mismatch */
    }
    if (rl_floats_any_non_finite(features->values, features->n_values)) return -1; /* non-finite */
    return (int64_t)dimension;
}

/* Whether the label draws no finding (missing-label, label-shape, label-non-finite, label-domain). */
static int clean_label(const RLScanTensor *label, const RLCleanRules *rules) {
    if (!label->present) return !rules->label_required;
    if (label->n_values != 1) return 0;
    double value = label->values[0];
    if (!isfinite(value)) return 0;
    switch (rules->label_domain) {
    case RL_LABELS_BINARY: return value == 0 || value == 1;
    case RL_LABELS_INTEGER: return value >= 0 && floor(value) == value && value < rules->label_below;
    default: return 1;
    }
}

/* LabelColumnEvidence.note for a dense record with a one-value label. */
static void note_label_columns(const RLScanTensor *features, double label, RLCleanTally *tally) {
    size_t count = features->n_values;
    if (count < 2) return;
    tally->labelled++;
    tally->first_matches += (double)features->values[0] == label;
    tally->last_matches += (double)features->values[count - 1] == label;
    if (tally->has_first_label) {
        tally->labels_vary |= tally->first_label != label;
    } else {
        tally->first_label = label;
        tally->has_first_label = 1;
    }
}

void rl_clean_run(RLArena *arena, const uint8_t *data, size_t length, const RLCleanRules *rules, RLCleanTally *tally) {
    memset(tally, 0, sizeof *tally);
    size_t position = 0;
    uint64_t dimension = rules->dimension;
    int has_dimension = rules->has_dimension != 0;
    while (position < rules->stop_before && length - position >= 8) {
        const uint8_t *frame = data + position;
        uint32_t lrec = load32(frame + 4);
        if (load32(frame) != RL_MAGIC || (lrec >> 29) != 0) goto stopped_at_record;
        size_t payload_length = lrec & RL_FRAME_LENGTH_MASK;
        size_t frame_size = 8 + ((payload_length + 3) & ~(size_t)3);
        /* The frame and the next header must be in the block (else the block ends here, not the run). */
        if (frame_size + 8 > length - position || position + frame_size > rules->reach_limit) break;
        if (load32(frame + frame_size) != RL_MAGIC) goto stopped_at_record;
        for (size_t at = 8 + payload_length; at < frame_size; at++)
            if (frame[at] != 0) goto stopped_at_record; /* nonzero-padding */
        if (payload_length >= rules->precheck_bytes) goto stopped_at_record;
        size_t cap = rules->has_decode_cap ? rules->decode_cap : ((size_t)64 << 20) + 4 * payload_length;
        if (cap < 8 * payload_length + 4096) goto stopped_at_record;
        RLScanRecord record;
        if (rl_record_scan(arena, frame + 8, payload_length, cap, &record) != RL_SCAN_TAKEN) goto stopped_at_record;
        int64_t features = clean_features(&record.features, rules);
        if (features < 0 || !clean_label(&record.label, rules)) goto stopped_at_record;
        if (has_dimension && (uint64_t)features != dimension) goto stopped_at_record;
        dimension = (uint64_t)features;
        has_dimension = 1;
        if (!is_sparse(&record.features) && record.label.present)
            note_label_columns(&record.features, record.label.values[0], tally);
        tally->records++;
        position += frame_size;
    }
    tally->consumed = position;
    tally->dimension = dimension;
    return;
stopped_at_record:
    tally->consumed = position;
    tally->dimension = dimension;
    tally->stopped_at_record = 1;
}
