#include "record_dialect.h"

/* One field: its number, wire type and (length-delimited) data. */
typedef struct {
    uint64_t number;
    unsigned wire;
    const uint8_t *data;
    size_t length;
} Field;

enum { FIELD_END = 0, FIELD_OK = 1, FIELD_STOP = 2, FIELD_SUSPECT = 3 };

static int varint(const uint8_t **at, const uint8_t *end, uint64_t *out)
{
    uint64_t value = 0;
    const uint8_t *p = *at;
    for (unsigned shift = 0; p < end && shift < 70; shift += 7) {
        uint8_t byte = *p++;
        if (shift < 64)
            value |= (uint64_t)(byte & 0x7F) << shift;
        if (!(byte & 0x80)) {
            *at = p;
            *out = value;
            return 1;
        }
    }
    return 0;
}

static int next(const uint8_t **at, const uint8_t *end, Field *field)
{
    if (*at >= end)
        return FIELD_END;
    const uint8_t *start = *at;
    uint64_t tag, value;
    if (!varint(at, end, &tag) || *at - start > 5)
        return FIELD_STOP;
    field->number = tag >> 3;
    field->wire = (unsigned)(tag & 7);
    if (field->number == 0)
        return *at - start == 1 ? FIELD_STOP : FIELD_SUSPECT;
    if (field->number >= (uint64_t)1 << 29)
        return FIELD_SUSPECT;
    switch (field->wire) {
    case 3: /* groups: protobuf skips a well-formed one, protobuf-c rejects every one */
    case 4:
        return FIELD_SUSPECT;
    case 0:
        return varint(at, end, &value) ? FIELD_OK : FIELD_STOP;
    case 1:
    case 5: {
        size_t size = field->wire == 1 ? 8 : 4;
        if ((size_t)(end - *at) < size)
            return FIELD_STOP;
        *at += size;
        return FIELD_OK;
    }
    case 2:
        if (!varint(at, end, &value) || value > (uint64_t)(end - *at))
            return FIELD_STOP;
        field->data = *at;
        field->length = (size_t)value;
        *at += value;
        return FIELD_OK;
    default:
        return FIELD_STOP;
    }
}

/* 1 when a field of the tensor (Value member `member`: 2, 3 or 7) or Bytes (9) is suspect: a bad tag,
 * a group, or a declared field with another wire type (protobuf skips it, protobuf-c rejects the record);
 * 0 otherwise (the end, or malformed bytes). */
static int member_fields(uint64_t member, const uint8_t *at, const uint8_t *end)
{
    Field field;
    int status;
    while ((status = next(&at, end, &field)) == FIELD_OK) {
        if (member == 9) {
            if ((field.number == 1 || field.number == 2) && field.wire != 2)
                return 1;
        } else if (field.number >= 1 && field.number <= 3 && field.wire != 2) {
            unsigned scalar = field.number > 1 || member == 7 ? 0 : member == 2 ? 5 : 1;
            if (field.wire != scalar)
                return 1;
        }
    }
    return status == FIELD_SUSPECT;
}

static int value(const uint8_t *at, const uint8_t *end)
{
    Field field;
    int status, members = 0;
    while ((status = next(&at, end, &field)) == FIELD_OK) {
        if (field.number == 2 || field.number == 3 || field.number == 7 || field.number == 9) {
            if (field.wire != 2 || ++members > 1 || member_fields(field.number, field.data, field.data + field.length))
                return 1;
        }
    }
    return status == FIELD_SUSPECT;
}

/* A map entry is suspect with more than one Value, a suspect Value, or any field but its key and
 * Value (upb drops an entry holding an unknown field; a known one with another wire type is one). */
static int entry(const uint8_t *at, const uint8_t *end)
{
    Field field;
    int status, values = 0;
    while ((status = next(&at, end, &field)) == FIELD_OK) {
        if (field.wire != 2 || field.number > 2)
            return 1;
        if (field.number == 2 && (++values > 1 || value(field.data, field.data + field.length)))
            return 1;
    }
    return status == FIELD_SUSPECT;
}

int rl_dialect_suspect(const uint8_t *data, size_t length)
{
    if (data == NULL || length == 0)
        return 0;
    const uint8_t *at = data, *end = data + length;
    Field field;
    int status;
    while ((status = next(&at, end, &field)) == FIELD_OK) {
        if (field.number >= 1 && field.number <= 5 && field.wire != 2)
            return 1;
        if ((field.number == 1 || field.number == 2) && entry(field.data, field.data + field.length))
            return 1;
    }
    return status == FIELD_SUSPECT;
}
