// The release binary links the Swift runtime statically, and the runtime calls hypotf (and TOMLKit hypot). Linked
// against glibc 2.35 or later, that call binds to hypotf@GLIBC_2.35, the one symbol that would
// keep the binary off glibc 2.34 systems (Amazon Linux 2023, Ubuntu 22.04...). This definition
// takes the call instead and forwards it to the baseline hypotf@GLIBC_2.2.5, which every x86_64
// glibc has; the two differ only in SVID error handling (_LIB_VERSION), which glibc no longer
// lets a program select. Only the recordlint executable links this file, not the library.
#if defined(__linux__)
#include <features.h>
#endif
#if defined(__linux__) && defined(__x86_64__) && defined(__GLIBC__)
float recordlint_hypotf_glibc_2_2_5(float x, float y);
__asm__(".symver recordlint_hypotf_glibc_2_2_5, hypotf@GLIBC_2.2.5");

float hypotf(float x, float y) { return recordlint_hypotf_glibc_2_2_5(x, y); }

// The same for hypot (double), which the release binary also calls since TOMLKit came in (GLIBC_2.35 when linked against 2.35 or later).
double recordlint_hypot_glibc_2_2_5(double x, double y);
__asm__(".symver recordlint_hypot_glibc_2_2_5, hypot@GLIBC_2.2.5");

double hypot(double x, double y) { return recordlint_hypot_glibc_2_2_5(x, y); }
#endif

// libstdc++ 12 (GLIBCXX_3.4.30) added a second version of std::condition_variable::wait(unique_lock&),
// same signature and behaviour; Foundation's ICU (linked in since TOMLKit, which imports Foundation)
// calls it, and auditwheel maps GLIBCXX_3.4.30 to manylinux_2_35. The call is bound to the
// GLIBCXX_3.4.11 version every libstdc++ since GCC 4.4 has.
#if defined(__linux__) && defined(__x86_64__) && defined(__GLIBC__)
void recordlint_condition_variable_wait_3_4_11(void *condition, void *lock);
__asm__(".symver recordlint_condition_variable_wait_3_4_11, _ZNSt18condition_variable4waitERSt11unique_lockISt5mutexE@GLIBCXX_3.4.11");

void _ZNSt18condition_variable4waitERSt11unique_lockISt5mutexE(void *condition, void *lock) {
    recordlint_condition_variable_wait_3_4_11(condition, lock);
}
#endif
