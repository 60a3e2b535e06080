#ifndef CFILESPACE_H
#define CFILESPACE_H

#include <stdint.h>

/// Reserves disk blocks for the `length` bytes at `offset` of the open file `descriptor` without
/// changing its size (Linux's fallocate with FALLOC_FL_KEEP_SIZE, which Swift's Glibc module does
/// not import): a large file then written in order costs the file system less per write. Returns 0,
/// or -1 with errno set (EOPNOTSUPP where the file system or the platform cannot); a hint only.
int cfilespace_reserve(int descriptor, int64_t offset, int64_t length);

#endif
