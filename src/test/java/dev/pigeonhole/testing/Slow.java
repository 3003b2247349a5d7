package dev.pigeonhole.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * The kinds of slow test that {@code mvn test} leaves out and {@code mvn verify} runs (the pom's
 * {@code slow.tags}): each is a JUnit tag, put on a test class or method by one of the annotations here.
 * A test that starts other processes, loops through crashes, runs a large volume on purpose, drives a real
 * terminal or starts an sshd says so with the annotation; everything else is in the quick loop.
 */
public final class Slow {
    private Slow() {}

    /** Starts child JVMs or other programs (servers in their own process, runuser, the launcher). */
    @Target({ElementType.TYPE, ElementType.METHOD})
    @Retention(RetentionPolicy.RUNTIME)
    @Tag("child-processes")
    public @interface ChildProcesses {}

    /** Kills a server process again and again (kill -9 loops). */
    @Target({ElementType.TYPE, ElementType.METHOD})
    @Retention(RetentionPolicy.RUNTIME)
    @Tag("crash-loop")
    public @interface CrashLoop {}

    /** Drives the client in a real terminal (tmux). */
    @Target({ElementType.TYPE, ElementType.METHOD})
    @Retention(RetentionPolicy.RUNTIME)
    @Tag("terminal")
    public @interface RealTerminal {}

    /** Runs a large volume on purpose: many threads for many seconds, a 100,000-message archive, load runs. */
    @Target({ElementType.TYPE, ElementType.METHOD})
    @Retention(RetentionPolicy.RUNTIME)
    @Tag("stress")
    public @interface Stress {}

    /** Starts its own sshd. */
    @Target({ElementType.TYPE, ElementType.METHOD})
    @Retention(RetentionPolicy.RUNTIME)
    @Tag("sshd")
    public @interface OwnSshd {}
}
