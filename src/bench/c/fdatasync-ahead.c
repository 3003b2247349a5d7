/*
 * What the journal's zeros written ahead buy under --fsync always: the time of one fdatasync after a write
 * that grows the file (as a journal appending at its end) against one after a write into blocks written as
 * zeros beforehand (as the journal's active segment now). Each round writes FORCES records of BYTES bytes,
 * each followed by fdatasync, first appending to a new file, then overwriting a file of zeros; rounds
 * alternate the two so that other load on the disk hits both alike. Prints microseconds per force, per round
 * and the medians, and the ratio.
 *
 *   cc -O2 -o target/fdatasync-ahead src/bench/c/fdatasync-ahead.c
 *   target/fdatasync-ahead DIR [ROUNDS=5] [FORCES=2000] [BYTES=2000]
 *
 * DIR must be on the disk to measure (a data directory's file system); the files are removed afterwards.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void die(const char *what) {
    perror(what);
    exit(1);
}

/* Microseconds per fdatasync for FORCES writes of BYTES; with ahead, into zeros written and forced first. */
static double run(const char *path, int ahead, int forces, int bytes) {
    unlink(path);
    int fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0600);
    if (fd < 0) die(path);
    char *record = malloc(bytes);
    memset(record, 'x', bytes);
    if (ahead) {
        long total = (long) forces * bytes;
        char *zeros = calloc(1, 1 << 20);
        for (long at = 0; at < total; at += 1 << 20) {
            long n = total - at < (1 << 20) ? total - at : (1 << 20);
            if (pwrite(fd, zeros, n, at) != n) die("writing zeros");
        }
        if (fdatasync(fd) != 0) die("fdatasync");
        free(zeros);
    }
    double start = now();
    for (int i = 0; i < forces; i++) {
        if (pwrite(fd, record, bytes, (off_t) i * bytes) != bytes) die("write");
        if (fdatasync(fd) != 0) die("fdatasync");
    }
    double us = (now() - start) / forces * 1e6;
    close(fd);
    unlink(path);
    free(record);
    return us;
}

static int by_value(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s DIR [ROUNDS=5] [FORCES=2000] [BYTES=2000]\n", argv[0]);
        return 2;
    }
    int rounds = argc > 2 ? atoi(argv[2]) : 5;
    int forces = argc > 3 ? atoi(argv[3]) : 2000;
    int bytes = argc > 4 ? atoi(argv[4]) : 2000;
    if (rounds < 1 || forces < 1 || bytes < 1) {
        fprintf(stderr, "ROUNDS, FORCES and BYTES must be positive\n");
        return 2;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/fdatasync-ahead.%d", argv[1], (int) getpid());
    double *grow = calloc(rounds, sizeof *grow), *over = calloc(rounds, sizeof *over);
    for (int r = 0; r < rounds; r++) {
        grow[r] = run(path, 0, forces, bytes);
        over[r] = run(path, 1, forces, bytes);
        printf("round %d: growing file %.1f us per fdatasync, zeros written ahead %.1f us (%.2fx)\n", r + 1,
               grow[r], over[r], over[r] / grow[r]);
    }
    qsort(grow, rounds, sizeof *grow, by_value);
    qsort(over, rounds, sizeof *over, by_value);
    double g = grow[rounds / 2], o = over[rounds / 2];
    printf("median of %d rounds of %d forces of %d bytes: growing %.1f us, zeros ahead %.1f us, ratio %.2fx\n",
           rounds, forces, bytes, g, o, o / g);
    return 0;
}
