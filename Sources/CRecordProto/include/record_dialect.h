#ifndef RECORD_DIALECT_H
#define RECORD_DIALECT_H

#include <stddef.h>
#include <stdint.h>

/*
 * A quick look, along the aialgs.data.Record schema, for what protobuf-c and
 * protobuf may read differently (ProtobufDialect.swift says what exactly):
 * returns 1 when a tag names field 0 in more than one byte or a field of 2^29
 * and above, at a group's tag (wire type 3 or 4), at a declared field with
 * another wire type, when a map entry holds two Values or any field but its
 * key and Value, or when a Value holds two members; 0 otherwise, and at the first malformed byte (protobuf-c rejects
 * those bytes in any case).  Packed runs and unknown fields are skipped by
 * their length; nothing is allocated.
 */
int rl_dialect_suspect(const uint8_t *data, size_t length);

#endif
