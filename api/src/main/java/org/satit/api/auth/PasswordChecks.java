package org.satit.api.auth;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * How many password checks run at once. Each Argon2id check holds 16 MiB and a core for a good fraction of a
 * second, so unbounded concurrent logins (web or JDBC) exhaust the heap; at most {@code permits} run at once,
 * and a login waits up to {@code wait} for its turn. When none comes it is told to come back ({@link Busy}:
 * the web login answers 503 with {@code Retry-After}) rather than queue without end.
 */
public final class PasswordChecks {

  /** No turn came within the wait: try again shortly. */
  public static final class Busy extends RuntimeException {
    Busy(String message) {
      super(message, null, false, false);
    }
  }

  /** Seconds a refused login is asked to wait ({@code Retry-After}). */
  public static final int RETRY_AFTER_SECONDS = 1;

  private final Semaphore turns;
  private final int permits;
  private final Duration wait;

  public PasswordChecks(int permits, Duration wait) {
    if (permits < 1 || wait.isNegative()) {
      throw new IllegalArgumentException("password checks: at least 1 at once and a wait of 0 or more");
    }
    this.turns = new Semaphore(permits, true);
    this.permits = permits;
    this.wait = wait;
  }

  /** As many at once as there are cores (2 to 8: at most 128 MiB), each login waiting up to 2 seconds. */
  public static PasswordChecks defaults() {
    return new PasswordChecks(Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors())), Duration.ofSeconds(2));
  }

  public int permits() {
    return permits;
  }

  /** Runs {@code check} when a turn is free; {@link Busy} when none came within the wait. */
  <T> T run(Supplier<T> check) {
    boolean got;
    try {
      got = turns.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Busy("interrupted while waiting to check the password");
    }
    if (!got) {
      throw new Busy("satit is checking too many logins at once: try again in " + RETRY_AFTER_SECONDS + " s");
    }
    try {
      return check.get();
    } finally {
      turns.release();
    }
  }
}
