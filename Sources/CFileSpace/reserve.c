// fallocate(2) for Swift, which does not see it (a _GNU_SOURCE function).
#define _GNU_SOURCE
#include "CFileSpace.h"

#include <errno.h>
#include <fcntl.h>

int cfilespace_reserve(int descriptor, int64_t offset, int64_t length) {
#if defined(__linux__)
    return fallocate(descriptor, FALLOC_FL_KEEP_SIZE, (off_t)offset, (off_t)length);
#else
    (void)descriptor;
    (void)offset;
    (void)length;
    errno = EOPNOTSUPP;
    return -1;
#endif
}
