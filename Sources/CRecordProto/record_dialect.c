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

/* 1 when a tag in the message is suspect, 0 otherwise (the end, or malformed bytes). */
static int tags(const uint8_t *at, const uint8_t *end)
{
    Field field;
    int status;
    while ((status = next(&at, end, &field)) == FIELD_OK) {
    }
    return status == FIELD_SUSPECT;
}

static int value(const uint8_t *at, const uint8_t *end)
{
    Field field;
    int status, members = 0;
    while ((status = next(&at, end, &field)) == FIELD_OK) {
        if (field.wire == 2 && (field.number == 2 || field.number == 3 || field.number == 7 || field.number == 9)) {
            if (++members > 1 || tags(field.data, field.data + field.length))
                return 1;
        }
    }
    return status == FIELD_SUSPECT;
}

static int entry(const uint8_t *at, const uint8_t *end)
{
    Field field;
    int status, values = 0;
    while ((status = next(&at, end, &field)) == FIELD_OK) {
        if (field.wire == 2 && field.number == 2) {
            if (++values > 1 || value(field.data, field.data + field.length))
                return 1;
        }
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
        if (field.wire == 2 && (field.number == 1 || field.number == 2) && entry(field.data, field.data + field.length))
            return 1;
    }
    return status == FIELD_SUSPECT;
}
