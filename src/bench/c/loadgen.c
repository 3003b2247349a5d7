/*
 * loadgen: the closed-loop load generator of src/bench, in C, on one thread with epoll.
 *
 * Same workloads, options, checks and RESULT line as `pigeonhole-bench` (src/bench/java/.../bench), which
 * stays the fallback where no C compiler is found. Written because the Java generator tops out near the
 * servers it measures on a small machine: one core of it drove 65-90k replies/s, while this drives several
 * times that, so the server (not the generator) sets the ceiling. Every connection keeps one request in
 * flight; every reply is checked strictly (a wrong reply is an error, and its connection is dropped, P10);
 * at the end every mailbox of the run is drained and a ledger proves that each message answered
 * MESSAGE SENT was read exactly once, in order (P8, G2).
 *
 * Pigeonhole: LOGIN / COMPOSE + message / READ / EXIT (src/docs/protocol.md); a short session then waits for
 * the server's close. Redis (--redis), as the Java RedisConnection: LLEN for LOGIN, RPUSH to the recipient's
 * list, LPOP from one's own, QUIT (waiting for +OK). Messages are "<sender> <seq> <filler>", exactly --message-bytes long, the filler a fixed pattern.
 *
 * Build: cc -O2 -o target/loadgen src/bench/c/loadgen.c  (src/bench/compare.sh does this).
 * Exit status: 0 if no error was seen, 1 on any error, 2 on invalid usage.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum { HELD, SHORT, IDLE, FANIN };
static const char *const WORKLOADS[] = {"held", "short", "idle", "fanin"};

/* What a connection waits for; the parser checks the reply against it. */
enum { W_CONNECT, W_LOGIN, W_COMPOSE, W_READ, W_QUIT, W_EOF, W_NOTHING, W_CREDIT };
enum { R_WORKER, R_READER, R_IDLE };

#define MAX_COMMAND_LINE 72 /* "COMPOSE " + the longest user name (P3): the longest reply line too */
#define MAX_CONNECTIONS 1000
#define FANIN_CREDITS 1000
#define MIN_MESSAGE 32
#define MAX_FIRST_ERRORS 3

/* --- options ---------------------------------------------------------------------------------- */
static const char *opt_host = "127.0.0.1";
static int opt_port = -1;
static int opt_redis;
static int opt_workload = HELD;
static int opt_connections = 16;
static int opt_idle = 10000;
static int64_t opt_duration = 10000000000LL, opt_warmup = 2000000000LL, opt_timeout = 10000000000LL;
static int opt_message = 100;

/* --- run state (one thread: no locks) ----------------------------------------------------------- */
enum { WARMUP, MEASURE, STOP };
static int phase = WARMUP;
static int epfd;
static struct sockaddr_in server;
static char prefix[32], idle_prefix[40];
static size_t prefix_len;
static char *filler; /* the pattern, opt_message bytes */
static uint64_t *sent_to, *received_from, *last_seq; /* users x users, [s][r] / [r][s] / [r][s] */
static int64_t ops, delivered, refused, reader_ops, errors;
static char first_errors[MAX_FIRST_ERRORS][260];
static int credits = FANIN_CREDITS;
static int active; /* active connections still open (or about to reconnect, for short sessions) */
static uint64_t rng = 0x9e3779b97f4a7c15ULL;

/* --- latency: a log-linear histogram (2^9 sub-buckets per power of two: 0.2% resolution) --------- */
#define SUB_BITS 9
#define BUCKETS ((64 - SUB_BITS + 1) << SUB_BITS)
#define MAX_LATENCY 60000000000ULL /* 60 s: anything longer is recorded as this */
static uint64_t histogram[BUCKETS], latency_count, latency_max;

static int bucket_of(uint64_t v) {
    if (v < (1u << (SUB_BITS + 1))) return (int)v;
    int shift = 63 - __builtin_clzll(v) - SUB_BITS;
    return (int)(((uint64_t)shift << SUB_BITS) + (v >> shift));
}

/* The highest value that lands in bucket b (HdrHistogram reports percentiles the same way). */
static uint64_t bucket_top(int b) {
    if (b < (1 << (SUB_BITS + 1))) return (uint64_t)b;
    int shift = (b >> SUB_BITS) - 1;
    uint64_t sub = (uint64_t)(b - (shift << SUB_BITS));
    return (sub << shift) + ((1ULL << shift) - 1);
}

static double percentile_us(double p) {
    if (latency_count == 0) return 0;
    uint64_t want = (uint64_t)(p / 100.0 * (double)latency_count + 0.5), seen = 0;
    if (want < 1) want = 1;
    for (int b = 0; b < BUCKETS; b++) {
        seen += histogram[b];
        if (seen >= want) return (double)(bucket_top(b) < latency_max ? bucket_top(b) : latency_max) / 1000.0;
    }
    return (double)latency_max / 1000.0;
}

static int64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static uint64_t next_random(void) { /* xorshift64* */
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return rng * 0x2545f4914f6cdd1dULL;
}

/* --- connections -------------------------------------------------------------------------------- */
struct conn {
    int fd, role, user, waits;
    int recipient;      /* of the COMPOSE in flight */
    uint64_t seq;       /* this user's last message number (kept across short sessions) */
    int64_t started;    /* when the operation being timed started */
    int64_t asked;      /* when the request in flight was written: for --timeout */
    int step;           /* held: 0 = COMPOSE next, 1 = READ next; short: how far the session got */
    int logged_in;      /* LOGIN answered: EXIT is due on close */
    struct conn *next_waiting;
    char *in;           /* received bytes [in_start, in_end) */
    int in_start, in_end, in_cap;
    char *out;          /* bytes still to write [out_start, out_end) */
    int out_start, out_end, out_cap;
};

static struct conn **conns; /* the active ones; idle ones in idle_conns */
static struct conn **idle_conns;
static int idle_open, idle_answered;
static struct conn *credit_head, *credit_tail; /* fan-in senders waiting for credit, FIFO */

static void error_at(struct conn *c, const char *fmt, ...) {
    char text[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    if (errors < MAX_FIRST_ERRORS) {
        snprintf(first_errors[errors], sizeof first_errors[0], "%s %d: %s",
                 c == NULL ? "run" : c->role == R_IDLE ? "idle connection" : "connection", c == NULL ? 0 : c->user,
                 text);
    }
    errors++;
}

static void put(struct conn *c, const void *b, int n) {
    if (c->out_end + n > c->out_cap) {
        c->out_cap = 2 * (c->out_end + n);
        c->out = realloc(c->out, (size_t)c->out_cap);
        if (c->out == NULL) abort();
    }
    memcpy(c->out + c->out_end, b, (size_t)n);
    c->out_end += n;
}

static void puts_(struct conn *c, const char *s) { put(c, s, (int)strlen(s)); }

static int decimal_text(char *b, uint64_t v) {
    char t[24];
    int n = 0;
    do t[n++] = (char)('0' + v % 10); while ((v /= 10) != 0);
    for (int i = 0; i < n; i++) b[i] = t[n - 1 - i];
    return n;
}

static void put_decimal(struct conn *c, uint64_t v) {
    char b[24];
    put(c, b, decimal_text(b, v));
}

static int user_name(char *b, int user, int idle) {
    const char *p = idle ? idle_prefix : prefix;
    size_t n = strlen(p);
    memcpy(b, p, n);
    return (int)n + decimal_text(b + n, (uint64_t)user);
}

static void put_key(struct conn *c, const char *command, int user, int idle) {
    char name[64];
    int n = user_name(name, user, idle);
    puts_(c, command);
    put_decimal(c, (uint64_t)n);
    puts_(c, "\r\n");
    put(c, name, n);
    puts_(c, "\r\n");
}

/* Writes what is queued; 0 when all is written or the rest waits for EPOLLOUT, -1 on a broken socket. */
static int flush(struct conn *c) {
    while (c->out_start < c->out_end) {
        ssize_t n = write(c->fd, c->out + c->out_start, (size_t)(c->out_end - c->out_start));
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN) {
                struct epoll_event e = {.events = EPOLLIN | EPOLLOUT, .data.ptr = c};
                epoll_ctl(epfd, EPOLL_CTL_MOD, c->fd, &e);
                return 0;
            }
            return -1;
        }
        c->out_start += (int)n;
    }
    c->out_start = c->out_end = 0;
    return 0;
}

static void send_login(struct conn *c) {
    int idle = c->role == R_IDLE;
    if (opt_redis) {
        put_key(c, "*2\r\n$4\r\nLLEN\r\n$", c->user, idle);
    } else {
        char name[64];
        puts_(c, "LOGIN ");
        put(c, name, user_name(name, c->user, idle));
        puts_(c, "\n");
    }
    c->waits = W_LOGIN;
}

static void send_compose(struct conn *c, int recipient) {
    char name[64];
    int n = user_name(name, c->user, 0);
    char header[96];
    c->recipient = recipient;
    c->seq++;
    if (opt_redis) {
        put_key(c, "*3\r\n$5\r\nRPUSH\r\n$", recipient, 0);
        puts_(c, "$");
        put_decimal(c, (uint64_t)opt_message);
        puts_(c, "\r\n");
    } else {
        char to[64];
        puts_(c, "COMPOSE ");
        put(c, to, user_name(to, recipient, 0));
        puts_(c, "\n");
    }
    memcpy(header, name, (size_t)n);
    header[n++] = ' ';
    n += decimal_text(header + n, c->seq);
    header[n++] = ' ';
    put(c, header, n);
    put(c, filler + n, opt_message - n);
    puts_(c, opt_redis ? "\r\n" : "\n");
    c->waits = W_COMPOSE;
}

static void send_read(struct conn *c) {
    if (opt_redis) put_key(c, "*2\r\n$4\r\nLPOP\r\n$", c->user, c->role == R_IDLE);
    else puts_(c, "READ\n");
    c->waits = W_READ;
}

/* P9: EXIT and close; Redis: QUIT, then close on +OK as a Redis client does (an unread reply would make the
 * kernel reset the connection, a cheaper end than the orderly close each Pigeonhole session gets). A short
 * Pigeonhole session waits for the server's close before it closes (see on_reply). */
static void send_exit(struct conn *c) {
    if (opt_redis) puts_(c, "*1\r\n$4\r\nQUIT\r\n");
    else puts_(c, "EXIT\n");
    c->waits = opt_redis ? W_QUIT : W_NOTHING;
}

/* --- reply parsing ------------------------------------------------------------------------------ */
enum { MORE = 0, DONE = 1, BAD = -1 };

/* The next line in c->in ending at LF (excluded) no longer than max; MORE if incomplete, BAD if too long. */
static int line_at(struct conn *c, int from, int max, int *length) {
    char *lf = memchr(c->in + from, '\n', (size_t)(c->in_end - from));
    if (lf == NULL) return c->in_end - from > max ? BAD : MORE;
    *length = (int)(lf - (c->in + from));
    return *length > max ? BAD : DONE;
}

static int64_t strict_decimal(const char *b, int n) { /* digits only, at most 18 */
    if (n < 1 || n > 18) return -1;
    int64_t v = 0;
    for (int i = 0; i < n; i++) {
        if (b[i] < '0' || b[i] > '9') return -1;
        v = v * 10 + (b[i] - '0');
    }
    return v;
}

static int is(const char *b, int n, const char *s) { return (size_t)n == strlen(s) && memcmp(b, s, (size_t)n) == 0; }

/* The user of this run named b[0..n), or -1. No leading zeros: each user has exactly one spelling. */
static int user_index(const char *b, int n) {
    int p = (int)prefix_len;
    if (n <= p || n > p + 9 || memcmp(b, prefix, (size_t)p) != 0) return -1;
    if (b[p] == '0' && n > p + 1) return -1;
    int64_t v = strict_decimal(b + p, n - p);
    return v >= 0 && v < opt_connections ? (int)v : -1;
}

/* Checks a message; returns its sender, sets *seq; -1 (with *why) if it is not one this run could send. */
static int check_message(const char *b, int n, uint64_t *seq, const char **why) {
    if (n != opt_message) return *why = "message of the wrong length", -1;
    const char *space = memchr(b, ' ', (size_t)(n < 80 ? n : 80));
    int sender = space == NULL ? -1 : user_index(b, (int)(space - b));
    if (sender < 0) return *why = "message from an unknown sender", -1;
    int i = (int)(space - b) + 1, d = i;
    uint64_t v = 0;
    while (d < n && d - i < 12 && b[d] >= '0' && b[d] <= '9') v = v * 10 + (uint64_t)(b[d++] - '0');
    if (d == i || d >= n || b[d] != ' ') return *why = "message without a sequence number", -1;
    d++;
    if (memcmp(b + d, filler + d, (size_t)(n - d)) != 0) return *why = "message text corrupted", -1;
    *seq = v;
    return sender;
}

/* A message `recipient` read: in order from its sender (P8), counted for the ledger (G2). */
static int received(int recipient, int sender, uint64_t seq, const char **why) {
    uint64_t *last = &last_seq[(size_t)recipient * opt_connections + sender];
    if (seq <= *last) return *why = "message duplicated or out of order (P8)", -1;
    *last = seq;
    received_from[(size_t)recipient * opt_connections + sender]++;
    return 0;
}

/*
 * Parses the reply to what c waits for. DONE sets *value: LOGIN the count; COMPOSE 1 sent, 0 refused;
 * READ 1 a message (checked and entered in the ledger), 0 nothing stored. BAD sets *why.
 */
static int parse(struct conn *c, int64_t *value, const char **why) {
    int n, m, s = c->in_start;
    if (c->waits == W_EOF) return c->in_end > s ? (*why = "bytes after EXIT (P9: the server only closes)", BAD) : MORE;
    const char *b = c->in + s;
    switch (c->waits) {
    case W_LOGIN:
    case W_COMPOSE:
    case W_QUIT: {
        int r = line_at(c, s, MAX_COMMAND_LINE, &n);
        if (r != DONE) return r == BAD ? (*why = "reply line too long", BAD) : MORE;
        c->in_start += n + 1;
        if (opt_redis) {
            if (c->waits == W_QUIT) return is(b, n, "+OK\r") ? DONE : (*why = "expected +OK after QUIT", BAD);
            int64_t v = n >= 3 && b[0] == ':' && b[n - 1] == '\r' ? strict_decimal(b + 1, n - 2) : -1;
            if (v < 0 || (c->waits == W_COMPOSE && v < 1))
                return *why = c->waits == W_LOGIN ? "expected an integer reply to LLEN" : "expected a positive integer reply to RPUSH", BAD;
            *value = c->waits == W_LOGIN ? v : 1;
            return DONE;
        }
        if (c->waits == W_LOGIN) {
            *value = strict_decimal(b, n);
            return *value >= 0 ? DONE : (*why = "expected a message count after LOGIN (P5)", BAD);
        }
        if (c->waits == W_QUIT) return *why = "a reply nobody asked for", BAD;
        if (is(b, n, "MESSAGE SENT")) return *value = 1, DONE;
        if (is(b, n, "MESSAGE FAILED")) return *value = 0, DONE;
        return *why = "expected MESSAGE SENT or MESSAGE FAILED (P7)", BAD;
    }
    case W_READ: {
        int r = line_at(c, s, opt_redis ? 32 : MAX_COMMAND_LINE, &n);
        if (r != DONE) return r == BAD ? (*why = "reply line too long", BAD) : MORE;
        int sender;
        if (opt_redis) {
            if (is(b, n, "$-1\r")) return c->in_start += n + 1, *value = 0, DONE;
            int64_t len = n >= 3 && b[0] == '$' && b[n - 1] == '\r' ? strict_decimal(b + 1, n - 2) : -1;
            if (len != opt_message) return *why = "expected a bulk string of the message's length or nil after LPOP", BAD;
            sender = -1;
        } else {
            if (is(b, n, "READ ERROR")) return c->in_start += n + 1, *value = 0, DONE;
            sender = user_index(b, n);
            if (sender < 0) return *why = "expected a sender of this run or READ ERROR (P8)", BAD;
        }
        r = line_at(c, s + n + 1, opt_message + 1, &m);
        if (r != DONE) return r == BAD ? (*why = "message line too long", BAD) : MORE;
        const char *text = b + n + 1;
        if (opt_redis) {
            if (m != opt_message + 1 || text[m - 1] != '\r') return *why = "bulk string not ended by CRLF", BAD;
            m--;
        }
        if (c->role == R_IDLE) return *why = "an idle user received a message nobody sent it", BAD;
        uint64_t seq;
        int from = check_message(text, m, &seq, why);
        if (from < 0) return BAD;
        if (sender >= 0 && from != sender) return *why = "sender line does not match the message's sender (P8)", BAD;
        if (received(c->user, from, seq, why) < 0) return BAD;
        c->in_start = s + n + 1 + (opt_redis ? m + 1 : m) + 1;
        *value = 1;
        return DONE;
    }
    default:
        return c->in_end > s ? (*why = "a reply nobody asked for", BAD) : MORE;
    }
}

/* Reads what has arrived; 1 if bytes came, 0 if none yet, -1 at end of stream or on an error. */
static int fill(struct conn *c) {
    if (c->in_start == c->in_end) c->in_start = c->in_end = 0;
    if (c->in_end == c->in_cap) {
        if (c->in_start > 0) {
            memmove(c->in, c->in + c->in_start, (size_t)(c->in_end - c->in_start));
            c->in_end -= c->in_start;
            c->in_start = 0;
        } else {
            return -1; /* cannot happen within the line limits; treated as a broken stream */
        }
    }
    for (;;) {
        ssize_t n = read(c->fd, c->in + c->in_end, (size_t)(c->in_cap - c->in_end));
        if (n > 0) return c->in_end += (int)n, 1;
        if (n == 0) return -1;
        if (errno == EINTR) continue;
        return errno == EAGAIN ? 0 : -1;
    }
}

/* --- the workloads ------------------------------------------------------------------------------ */
static struct conn *new_conn(int role, int user) {
    struct conn *c = calloc(1, sizeof *c);
    if (c == NULL) abort();
    c->fd = -1;
    c->role = role;
    c->user = user;
    c->in_cap = role == R_IDLE ? 512 : (4096 > 2 * (opt_message + 128) ? 4096 : 2 * (opt_message + 128));
    c->in = malloc((size_t)c->in_cap);
    c->out_cap = c->in_cap;
    c->out = malloc((size_t)c->out_cap);
    if (c->in == NULL || c->out == NULL) abort();
    return c;
}

static int open_socket(int blocking) {
    int fd = socket(AF_INET, SOCK_STREAM | (blocking ? 0 : SOCK_NONBLOCK) | SOCK_CLOEXEC, 0);
    int one = 1;
    if (fd >= 0) setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

static void close_conn(struct conn *c) {
    if (c->fd >= 0) {
        epoll_ctl(epfd, EPOLL_CTL_DEL, c->fd, NULL);
        close(c->fd);
    }
    c->fd = -1;
    c->in_start = c->in_end = c->out_start = c->out_end = 0;
    c->waits = W_NOTHING;
    c->logged_in = 0;
}

static void start_connect(struct conn *c);

/* The active connection c is done (the run stopped, or it failed): say goodbye unless it failed. */
static void retire(struct conn *c, int failed) {
    if (!failed && c->logged_in && c->fd >= 0) {
        send_exit(c);
        if (flush(c) == 0 && c->waits == W_QUIT) return; /* closes on +OK */
    }
    close_conn(c);
    active--;
}

static void fail(struct conn *c, const char *why) {
    error_at(c, "%s", why);
    if (c->role == R_IDLE) {
        close_conn(c);
        return;
    }
    retire(c, 1);
}

/* Counts one operation that started at c->started if the measured window is open; returns now. */
static int64_t done(struct conn *c) {
    int64_t now = now_ns();
    if (phase == MEASURE) {
        uint64_t v = (uint64_t)(now - c->started);
        if (v > MAX_LATENCY) v = MAX_LATENCY;
        histogram[bucket_of(v)]++;
        latency_count++;
        if (v > latency_max) latency_max = v;
        ops++;
        if (c->role == R_READER) reader_ops++;
    }
    return now;
}

static void credit_wait(struct conn *c) {
    c->waits = W_CREDIT;
    c->next_waiting = NULL;
    if (credit_tail) credit_tail->next_waiting = c;
    else credit_head = c;
    credit_tail = c;
}

static void next_request(struct conn *c);

static void give_credit(void) {
    credits++;
    if (credit_head != NULL && phase != STOP) {
        struct conn *c = credit_head;
        credit_head = c->next_waiting;
        if (credit_head == NULL) credit_tail = NULL;
        next_request(c);
        if (flush(c) < 0) fail(c, "write failed");
    }
}

/* What connection c sends next in its workload (or its goodbye, once the run stops; a short session is
 * always finished first). */
static void next_request(struct conn *c) {
    if (phase == STOP && opt_workload != SHORT) {
        retire(c, 0);
        return;
    }
    switch (opt_workload) {
    case HELD:
    case IDLE:
        if (c->step == 0) send_compose(c, (int)(next_random() % (uint64_t)opt_connections));
        else send_read(c);
        c->step ^= 1;
        break;
    case SHORT: /* LOGIN, COMPOSE, READ, EXIT */
        if (c->step == 0) send_compose(c, (int)(next_random() % (uint64_t)opt_connections));
        else send_read(c);
        c->step++;
        break;
    case FANIN:
        if (c->role == R_READER) {
            c->started = now_ns();
            send_read(c);
        } else if (credits == 0) {
            credit_wait(c);
            return;
        } else {
            credits--;
            c->started = now_ns();
            send_compose(c, 0);
        }
        break;
    }
    c->asked = now_ns();
}

/* A short session ended and c is closed: count it and start the next one (unless the run is stopping). */
static void session_over(struct conn *c) {
    done(c);
    if (phase == STOP) {
        active--;
        return;
    }
    start_connect(c);
}

/* A reply to c arrived and checked out: account for it and send the next request. */
static void on_reply(struct conn *c, int64_t value) {
    int waited = c->waits;
    c->waits = W_NOTHING;
    if (c->role == R_IDLE) {
        if (waited == W_LOGIN) idle_open++;
        else if (waited == W_READ) idle_answered++;
        else if (waited == W_QUIT) close_conn(c);
        return;
    }
    if (waited == W_QUIT) {
        close_conn(c);
        if (opt_workload == SHORT) return session_over(c);
        active--;
        return;
    }
    if (waited == W_LOGIN) {
        c->logged_in = 1;
        c->step = 0;
        if (opt_workload != SHORT && opt_workload != FANIN) c->started = now_ns();
        next_request(c);
        return;
    }
    if (waited == W_COMPOSE) {
        if (value) sent_to[(size_t)c->user * opt_connections + c->recipient]++;
        else refused++;
        if (opt_workload == FANIN && !value) give_credit();
    } else if (waited == W_READ && value) {
        if (phase == MEASURE) delivered++;
        if (opt_workload == FANIN) give_credit();
    }
    if (opt_workload == SHORT) {
        if (c->step < 2) {
            next_request(c);
            return;
        }
        send_exit(c);
        if (flush(c) < 0) return fail(c, "write failed");
        if (c->waits == W_QUIT) return; /* Redis: the session ends at +OK */
        /* Pigeonhole: at the server's end of stream, the same round trip as QUIT's +OK. Closing at once instead
         * would leave every TIME_WAIT on this side (Redis's end leaves most on the server's), and the pile of
         * them, one per session on the ephemeral ports, slows this generator's connects. */
        c->waits = W_EOF;
        return;
    }
    if (opt_workload == HELD || opt_workload == IDLE) c->started = done(c);
    else done(c);
    next_request(c);
}

static void start_connect(struct conn *c) {
    c->started = c->asked = now_ns();
    c->step = 0;
    c->fd = open_socket(0);
    if (c->fd < 0) return fail(c, strerror(errno));
    if (connect(c->fd, (struct sockaddr *)&server, sizeof server) < 0 && errno != EINPROGRESS) {
        return fail(c, strerror(errno));
    }
    c->waits = W_CONNECT;
    struct epoll_event e = {.events = EPOLLOUT, .data.ptr = c};
    epoll_ctl(epfd, EPOLL_CTL_ADD, c->fd, &e);
}

static void on_event(struct conn *c, uint32_t events) {
    if (c->waits == W_CONNECT) {
        int err = 0;
        socklen_t len = sizeof err;
        getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
        if (err != 0) return fail(c, strerror(err));
        struct epoll_event e = {.events = EPOLLIN, .data.ptr = c};
        epoll_ctl(epfd, EPOLL_CTL_MOD, c->fd, &e);
        send_login(c);
        if (flush(c) < 0) fail(c, "write failed");
        return;
    }
    if (events & EPOLLOUT) {
        if (flush(c) < 0) return fail(c, "write failed");
        if (c->out_start == c->out_end) {
            struct epoll_event e = {.events = EPOLLIN, .data.ptr = c};
            epoll_ctl(epfd, EPOLL_CTL_MOD, c->fd, &e);
        }
    }
    if (!(events & (EPOLLIN | EPOLLERR | EPOLLHUP))) return;
    int got = fill(c);
    for (;;) {
        int64_t value = 0;
        const char *why = NULL;
        int r = parse(c, &value, &why);
        if (r == BAD) return fail(c, why);
        if (r == MORE) break;
        on_reply(c, value);
        if (c->fd < 0) return;
        if (flush(c) < 0) return fail(c, "write failed");
    }
    if (got < 0) {
        if (c->waits == W_EOF) { /* the server closed after EXIT: the session is over */
            close_conn(c);
            return session_over(c);
        }
        if (c->waits == W_NOTHING && c->role == R_IDLE) { /* closed after our goodbye */
            close_conn(c);
            return;
        }
        fail(c, c->waits == W_NOTHING ? "the server closed the connection" : "the server closed the connection before replying");
    }
}

/* Runs the loop until `until` (ns) or, with until = 0, until stop() says so; checks --timeout. */
static void loop(int64_t until, int (*stop)(void)) {
    struct epoll_event events[256];
    int64_t last_check = now_ns();
    for (;;) {
        int64_t now = now_ns();
        if (until > 0 && now >= until) return;
        if (until == 0 && stop()) return;
        int wait_ms = 100;
        if (until > 0 && (until - now) / 1000000 < wait_ms) wait_ms = (int)((until - now) / 1000000) + 1;
        int n = epoll_wait(epfd, events, 256, wait_ms);
        for (int i = 0; i < n; i++) on_event(events[i].data.ptr, events[i].events);
        now = now_ns();
        if (now - last_check > 100000000LL) {
            last_check = now;
            for (int i = 0; i < opt_connections; i++) {
                struct conn *c = conns[i];
                if (c->fd >= 0 && c->waits != W_NOTHING && c->waits != W_CREDIT && now - c->asked > opt_timeout) {
                    fail(c, "no reply within the timeout");
                }
            }
        }
    }
}

/* Idle connections: connected one after another (blocking, as a fleet of real clients would arrive), then
 * served all at once by the loop. */
static int64_t idle_deadline;
static int idle_done(void) {
    if (now_ns() > idle_deadline) return 1;
    for (int i = 0; i < opt_idle; i++) {
        struct conn *c = idle_conns[i];
        if (c->fd >= 0 && c->waits != W_NOTHING) return 0;
    }
    return 1;
}

static void idle_ask_all(void (*ask)(struct conn *)) {
    for (int i = 0; i < opt_idle; i++) {
        struct conn *c = idle_conns[i];
        if (c->fd < 0) continue;
        ask(c);
        if (flush(c) < 0) fail(c, "write failed");
    }
    idle_deadline = now_ns() + opt_timeout;
    loop(0, idle_done);
    for (int i = 0; i < opt_idle; i++) {
        struct conn *c = idle_conns[i];
        if (c->fd >= 0 && c->waits != W_NOTHING && c->waits != W_QUIT) fail(c, "no reply within the timeout");
    }
}

static void open_idle(void) {
    idle_conns = calloc((size_t)opt_idle, sizeof *idle_conns);
    for (int i = 0; i < opt_idle; i++) {
        struct conn *c = idle_conns[i] = new_conn(R_IDLE, i);
        struct timeval tv = {.tv_sec = opt_timeout / 1000000000LL};
        c->fd = open_socket(1);
        if (c->fd < 0) { fail(c, strerror(errno)); continue; }
        setsockopt(c->fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
        if (connect(c->fd, (struct sockaddr *)&server, sizeof server) < 0) { fail(c, strerror(errno)); continue; }
        fcntl(c->fd, F_SETFL, fcntl(c->fd, F_GETFL) | O_NONBLOCK);
        struct epoll_event e = {.events = EPOLLIN, .data.ptr = c};
        epoll_ctl(epfd, EPOLL_CTL_ADD, c->fd, &e);
    }
    idle_open = 0;
    idle_ask_all(send_login);
}

/* --- the drain: every mailbox read empty, one blocking session per user -------------------------- */
static int blocking_exchange(struct conn *c, int64_t *value, const char **why) {
    if (flush(c) < 0) return *why = "write failed", BAD;
    for (;;) {
        int r = parse(c, value, why);
        if (r != MORE) return r;
        if (fill(c) <= 0) return *why = "no reply within the timeout, or the server closed the connection", BAD;
    }
}

static const char *drain_and_balance(void) {
    static char verdict[200];
    for (int u = 0; u < opt_connections; u++) {
        struct conn *c = new_conn(R_WORKER, u);
        struct timeval tv = {.tv_sec = opt_timeout / 1000000000LL};
        int64_t waiting = 0, v = 0, drained = 0;
        const char *why = NULL;
        c->fd = open_socket(1);
        if (c->fd >= 0) setsockopt(c->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        if (c->fd < 0 || connect(c->fd, (struct sockaddr *)&server, sizeof server) < 0) {
            error_at(c, "drain: %s", strerror(errno));
            return "not checked (drain failed)";
        }
        send_login(c);
        if (blocking_exchange(c, &waiting, &why) != DONE) goto broken;
        for (;;) {
            send_read(c);
            if (blocking_exchange(c, &v, &why) != DONE) goto broken;
            if (v == 0) break;
            drained++;
        }
        if (drained != waiting) {
            error_at(c, "drain: LOGIN said %" PRId64 " messages waiting, READ returned %" PRId64, waiting, drained);
        }
        send_exit(c);
        if (c->waits == W_QUIT) blocking_exchange(c, &v, &why);
        else flush(c);
        close(c->fd);
        free(c->in);
        free(c->out);
        free(c);
        continue;
    broken:
        error_at(c, "drain: %s", why);
        close(c->fd);
        return "not checked (drain failed)";
    }
    int64_t mismatches = 0, total = 0;
    char example[120] = "";
    for (int s = 0; s < opt_connections; s++) {
        for (int r = 0; r < opt_connections; r++) {
            uint64_t sent = sent_to[(size_t)s * opt_connections + r];
            uint64_t got = received_from[(size_t)r * opt_connections + s];
            total += (int64_t)sent;
            if (sent != got) {
                if (mismatches++ == 0) {
                    snprintf(example, sizeof example, "user %d -> user %d: %" PRIu64 " sent, %" PRIu64 " received", s,
                             r, sent, got);
                }
            }
        }
    }
    if (mismatches > 0) {
        error_at(NULL, "delivery: %" PRId64 " sender/recipient pairs do not balance, e.g. %s", mismatches, example);
        snprintf(verdict, sizeof verdict, "BROKEN: %" PRId64 " pairs lost or duplicated messages", mismatches);
        return verdict;
    }
    snprintf(verdict, sizeof verdict, "exact: all %" PRId64 " messages sent were read once, in order", total);
    return verdict;
}

/* --- command line ------------------------------------------------------------------------------- */
static int64_t parse_duration(const char *s) {
    char *end;
    double v = strtod(s, &end);
    if (end == s || v < 0) return -1;
    if (strcmp(end, "ms") == 0) return (int64_t)(v * 1e6);
    if (strcmp(end, "s") == 0) return (int64_t)(v * 1e9);
    if (strcmp(end, "m") == 0) return (int64_t)(v * 60e9);
    if (*end == 0 && v == 0) return 0;
    return -1;
}

static int usage(const char *problem) {
    if (problem) fprintf(stderr, "loadgen: %s\n", problem);
    fprintf(problem ? stderr : stdout,
            "Usage: loadgen [--redis] [--host HOST] [--port PORT] [--workload held|short|idle|fanin]\n"
            "         [--connections N] [--idle N] [--duration D] [--warmup D] [--message-bytes B] [--timeout D]\n"
            "The load generator of src/bench in C (one thread, epoll): the workloads, checks and RESULT line of\n"
            "pigeonhole-bench. Durations such as 500ms, 5s, 1m. Exit status: 0 no error, 1 errors, 2 usage.\n");
    return problem ? 2 : 0;
}

static int parse_args(int argc, char **argv) {
    static const struct option options[] = {
        {"host", required_argument, 0, 'h'},          {"port", required_argument, 0, 'p'},
        {"redis", no_argument, 0, 'r'},               {"workload", required_argument, 0, 'w'},
        {"connections", required_argument, 0, 'c'},   {"idle", required_argument, 0, 'i'},
        {"duration", required_argument, 0, 'd'},      {"warmup", required_argument, 0, 'u'},
        {"message-bytes", required_argument, 0, 'm'}, {"timeout", required_argument, 0, 't'},
        {"help", no_argument, 0, 'H'},                {0, 0, 0, 0}};
    int o;
    char *end;
    while ((o = getopt_long(argc, argv, "", options, NULL)) != -1) {
        switch (o) {
        case 'h': opt_host = optarg; break;
        case 'p': opt_port = (int)strtol(optarg, &end, 10); if (*end || opt_port < 1 || opt_port > 65535) return usage("--port: not a port"); break;
        case 'r': opt_redis = 1; break;
        case 'w':
            opt_workload = -1;
            for (int i = 0; i < 4; i++) if (strcmp(optarg, WORKLOADS[i]) == 0) opt_workload = i;
            if (opt_workload < 0) return usage("--workload: held, short, idle or fanin");
            break;
        case 'c': opt_connections = (int)strtol(optarg, &end, 10); if (*end) return usage("--connections: not a number"); break;
        case 'i': opt_idle = (int)strtol(optarg, &end, 10); if (*end || opt_idle < 0) return usage("--idle: not a count"); break;
        case 'd': if ((opt_duration = parse_duration(optarg)) <= 0) return usage("--duration: a positive duration such as 5s"); break;
        case 'u': if ((opt_warmup = parse_duration(optarg)) < 0) return usage("--warmup: a duration such as 2s, or 0"); break;
        case 'm': opt_message = (int)strtol(optarg, &end, 10); if (*end) return usage("--message-bytes: not a number"); break;
        case 't': if ((opt_timeout = parse_duration(optarg)) <= 0) return usage("--timeout: a positive duration"); break;
        case 'H': usage(NULL); exit(0);
        default: return usage("unknown option");
        }
    }
    if (optind < argc) return usage("unexpected argument");
    if (opt_connections < (opt_workload == FANIN ? 2 : 1) || opt_connections > MAX_CONNECTIONS)
        return usage(opt_workload == FANIN ? "fanin needs 2 to 1000 connections (senders and one reader)" : "1 to 1000 active connections");
    if (opt_message < MIN_MESSAGE || opt_message > 4096) return usage("--message-bytes: 32 to 4096");
    if (opt_workload != IDLE) opt_idle = 0;
    if (opt_port < 0) opt_port = opt_redis ? 6379 : 4554;
    return 0;
}

int main(int argc, char **argv) {
    int bad = parse_args(argc, argv);
    if (bad) return bad;
    memset(&server, 0, sizeof server);
    server.sin_family = AF_INET;
    server.sin_port = htons((uint16_t)opt_port);
    if (inet_pton(AF_INET, opt_host, &server.sin_addr) != 1) return usage("--host: an IPv4 address such as 127.0.0.1");
    struct rlimit nofile;
    if (getrlimit(RLIMIT_NOFILE, &nofile) == 0) {
        nofile.rlim_cur = nofile.rlim_max;
        setrlimit(RLIMIT_NOFILE, &nofile);
    }

    /* Names b<5 random>-<i>: runs against the same server never read each other's leftovers. */
    unsigned char r[8];
    if (getrandom(r, sizeof r, 0) != sizeof r) return fprintf(stderr, "loadgen: no randomness\n"), 1;
    const char *alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    prefix[0] = 'b';
    for (int i = 0; i < 5; i++) prefix[1 + i] = alphabet[r[i] % 36];
    prefix[6] = '-';
    prefix_len = 7;
    snprintf(idle_prefix, sizeof idle_prefix, "%sidle-", prefix);
    memcpy(&rng, r, sizeof rng);
    rng |= 1;
    const char *pattern = "abcdefghijklmnopqrstuvwxyz0123456789-ABCDEFGHIJKLMNOPQRSTUVWXYZ.";
    filler = malloc((size_t)opt_message);
    for (int i = 0; i < opt_message; i++) filler[i] = pattern[i % 64];
    size_t cells = (size_t)opt_connections * (size_t)opt_connections;
    sent_to = calloc(cells, 8);
    received_from = calloc(cells, 8);
    last_seq = calloc(cells, 8);
    epfd = epoll_create1(EPOLL_CLOEXEC);

    conns = calloc((size_t)opt_connections, sizeof *conns);
    for (int i = 0; i < opt_connections; i++) conns[i] = new_conn(opt_workload == FANIN && i == 0 ? R_READER : R_WORKER, i);
    if (opt_idle > 0) open_idle(); /* all logged in before the active connections start */
    for (int i = 0; i < opt_connections; i++) {
        active++;
        start_connect(conns[i]);
    }
    int64_t t = now_ns();
    loop(t + opt_warmup, NULL);
    int64_t start = now_ns();
    phase = MEASURE;
    loop(start + opt_duration, NULL);
    phase = STOP;
    int64_t end = now_ns();
    for (struct conn *c = credit_head; c != NULL; c = c->next_waiting) retire(c, 0);
    credit_head = credit_tail = NULL;
    int64_t deadline = now_ns() + 2 * opt_timeout + 5000000000LL;
    while (active > 0 && now_ns() < deadline) loop(now_ns() + 100000000LL, NULL);
    if (active > 0) error_at(NULL, "%d connections still busy after the run; left behind", active);
    int64_t errors_during_run = errors;
    if (opt_idle > 0) {
        idle_ask_all(send_read);
        idle_ask_all(send_exit);
        for (int i = 0; i < opt_idle; i++) close_conn(idle_conns[i]);
    }
    const char *delivery = errors_during_run == 0 ? drain_and_balance() : "not checked (errors during the run)";

    double seconds = (double)(end - start) / 1e9, rate = (double)ops / seconds;
    double share = ops == 0 ? 0 : (double)reader_ops / (double)ops;
    const char *target = opt_redis ? "redis" : "pigeonhole";
    printf("%s against %s at %s:%d: %d connections", WORKLOADS[opt_workload], target, opt_host, opt_port, opt_connections);
    if (opt_workload == IDLE) printf(" + %d idle", opt_idle);
    printf(", %d-byte messages, %.3g s warm-up, %.2f s measured (C load generator)\n", opt_message, (double)opt_warmup / 1e9,
           seconds);
    printf("  throughput  %.0f %s/s (%" PRId64 " in %.2f s; %" PRId64 " messages read)\n", rate,
           opt_workload == SHORT ? "sessions" : "replies", ops, seconds, delivered);
    printf("  latency     p50 %.0f us  p99 %.0f us  p99.9 %.0f us  max %.0f us\n", percentile_us(50), percentile_us(99),
           percentile_us(99.9), (double)latency_max / 1000.0);
    printf("  checked     %" PRId64 " errors, %" PRId64 " refused (MESSAGE FAILED); delivery %s\n", errors, refused, delivery);
    if (opt_workload == FANIN)
        printf("  reader      %" PRId64 " of the %" PRId64 " replies (%.1f%%; 50%% when every READ finds a message)\n",
               reader_ops, ops, 100 * share);
    if (opt_workload == IDLE) printf("  idle        %d of %d opened, %d answered at the end\n", idle_open, opt_idle, idle_answered);
    for (int i = 0; i < errors && i < MAX_FIRST_ERRORS; i++) printf("  error       %s\n", first_errors[i]);
    printf("RESULT workload=%s target=%s connections=%d idle=%d seconds=%.3f ops=%" PRId64 " rate=%.1f delivered=%" PRId64
           " p50_us=%.1f p99_us=%.1f p999_us=%.1f max_us=%.1f errors=%" PRId64 " refused=%" PRId64
           " idle_answered=%d reader_share=%.4f\n",
           WORKLOADS[opt_workload], target, opt_connections, opt_idle, seconds, ops, rate, delivered, percentile_us(50),
           percentile_us(99), percentile_us(99.9), (double)latency_max / 1000.0, errors, refused, idle_answered, share);
    int ok = errors == 0 && ops > 0 && (opt_workload != IDLE || idle_answered == opt_idle);
    if (!ok) fprintf(stderr, "loadgen: %" PRId64 " errors; the figures above are not a valid measurement\n", errors);
    return ok ? 0 : 1;
}
