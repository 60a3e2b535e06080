/*
 * child-rusage REPORT PROGRAM [ARG ...]: runs PROGRAM in a child made with
 * fork (not vfork: a child that shares its parent's memory until exec starts
 * its peak resident set from the parent's, which is what posix_spawn from a
 * large test process gives), waits for it with wait4, writes
 * "<exit status> <peak RSS in KiB>" to REPORT and exits with its status.
 * The end-to-end tests measure recordlint's memory through it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: child-rusage REPORT PROGRAM [ARG ...]\n");
        return 64;
    }
    pid_t child = fork();
    if (child < 0) return 71;
    if (child == 0) {
        execv(argv[2], argv + 2);
        _exit(127);
    }
    int status = 0;
    struct rusage usage;
    while (wait4(child, &status, 0, &usage) < 0) {}
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    FILE *report = fopen(argv[1], "w");
    if (report == NULL) return 73;
    fprintf(report, "%d %ld\n", code, usage.ru_maxrss);
    fclose(report);
    return code;
}
