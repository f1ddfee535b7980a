package org.satit.cli;

import java.io.PrintWriter;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/** How long a long-running command runs, and how often it reports. Ctrl-C ends it cleanly. */
public final class RunLength {

  @Option(names = "--duration", defaultValue = "0", paramLabel = "SECONDS",
      description = "stop after this many seconds; 0 = until interrupted (Ctrl-C). Default: ${DEFAULT-VALUE}")
  public long duration;

  @Option(names = "--status-every", defaultValue = "10", paramLabel = "SECONDS",
      description = "print a status line this often. Default: ${DEFAULT-VALUE}")
  public long statusEvery;

  /** How long a Ctrl-C waits for the command to stop its parts (the ingest job's end is bounded by 60 s). */
  public static final int STOP_SECONDS = 90;

  private final java.util.concurrent.CountDownLatch cleanedUp = new java.util.concurrent.CountDownLatch(1);

  public void validate() {
    if (duration < 0) {
      throw new IllegalArgumentException("--duration must be 0 or more seconds, got " + duration);
    }
    if (statusEvery < 1) {
      throw new IllegalArgumentException("--status-every must be at least 1 second, got " + statusEvery);
    }
  }

  /** The command has stopped everything it started: a Ctrl-C shutdown may proceed. */
  public void cleanedUp() {
    cleanedUp.countDown();
  }

  /**
   * Blocks until the duration is over or the JVM is asked to stop, printing {@code status} (when not
   * null) every interval. On Ctrl-C the shutdown waits until the caller has cleaned up.
   */
  public void await(PrintWriter out, Supplier<String> status) {
    Thread main = Thread.currentThread();
    Thread hook = new Thread(() -> {
      main.interrupt();
      try {
        // let the command stop its parts cleanly: the ingest job may take up to a minute to end (LocalIngest.close
        // waits for it, so that no task touches the source afterwards), and a JVM that exits earlier skips that
        if (!cleanedUp.await(10, java.util.concurrent.TimeUnit.SECONDS)) {
          out.println("still stopping: waiting for the ingest job to end (at most " + STOP_SECONDS + " s)");
          out.flush();
          cleanedUp.await(STOP_SECONDS - 10, java.util.concurrent.TimeUnit.SECONDS);
        }
      } catch (InterruptedException ignored) {
        // shutting down anyway
      }
    });
    Runtime.getRuntime().addShutdownHook(hook);
    long end = duration > 0 ? System.currentTimeMillis() + duration * 1000 : Long.MAX_VALUE;
    try {
      while (System.currentTimeMillis() < end) {
        Thread.sleep(Math.min(statusEvery * 1000, Math.max(1, end - System.currentTimeMillis())));
        if (status != null) {
          out.println(status.get());
          out.flush();
        }
      }
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (InterruptedException e) {
      out.println("stopping");
      out.flush();
    } catch (IllegalStateException shuttingDown) {
      // the JVM is already shutting down: the hook is running
    }
  }
}
