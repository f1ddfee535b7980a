package org.satit.tools;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * Prints, once, how long the demo took from its start until the warehouse was whole (every snapshot in, rollups
 * built): the time a person waits on a fresh machine before the dashboards show all their data.
 */
final class ReadyReport {

  private ReadyReport() {
  }

  /**
   * Polls {@code whole} every 250 ms on a daemon thread; a failing probe ends the watch with one line. Interrupt
   * the returned thread before the warehouse closes.
   */
  static Thread start(PrintWriter out, Callable<Boolean> whole, long startedNanos) {
    Thread t = new Thread(() -> {
      try {
        while (!whole.call()) {
          Thread.sleep(250);
        }
        out.printf("ready: the warehouse is whole %.1f s after the demo started (the dashboards show all the data)%n",
            (System.nanoTime() - startedNanos) / 1e9);
        out.flush();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        if (Thread.currentThread().isInterrupted()) {
          return; // the demo is stopping
        }
        out.println("ready: could not read the warehouse's state (" + e.getMessage() + ")");
        out.flush();
      }
    }, "demo-ready");
    t.setDaemon(true);
    t.start();
    return t;
  }
}
