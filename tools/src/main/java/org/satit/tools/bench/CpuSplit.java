package org.satit.tools.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where the CPU went between two samples of an ingest run on this machine: the source PostgreSQL server (its
 * postmaster and every backend, the walsender included, read from {@code /proc}), satit's writer thread
 * ({@code warehouse-apply}: mapping and the DuckDB calls), every other Java thread (Flink and Flink CDC: reading the
 * log, deserialising, the sink's buffer), and what this JVM spent outside its Java threads (DuckDB's own worker
 * threads, garbage collection, the JIT). Threads that ended between the samples are not counted; a backend that
 * ended is counted whole (its parent's {@code cutime}). Linux only; elsewhere the source part is unknown.
 */
public final class CpuSplit {

  /** Linux's USER_HZ: /proc reports CPU time in these ticks. */
  private static final long TICKS_PER_SECOND = 100;
  private static final String WRITER_THREAD = "warehouse-apply";

  /** CPU time of the parts at one moment, in nanoseconds. */
  public record Sample(long wallNanos, long postgres, long processNanos, Map<Long, Long> threads,
                       Map<Long, String> names) {
  }

  /** Seconds of CPU each part used, and how many cores that is over the wall time between the samples. */
  public record Split(double wallSeconds, double postgres, double writer, double otherJava, double outsideJava) {
    public double cores(double cpuSeconds) {
      return wallSeconds <= 0 ? 0 : cpuSeconds / wallSeconds;
    }
  }

  private CpuSplit() {
  }

  public static Sample sample(Optional<Long> postmaster) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Map<Long, Long> cpu = new HashMap<>();
    Map<Long, String> names = new HashMap<>();
    for (ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (t == null) {
        continue;
      }
      long ns = mx.getThreadCpuTime(t.getThreadId());
      if (ns >= 0) {
        cpu.put(t.getThreadId(), ns);
        names.put(t.getThreadId(), t.getThreadName());
      }
    }
    long process = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime() : -1;
    return new Sample(System.nanoTime(), postmaster.map(CpuSplit::postgresNanos).orElse(-1L), process, cpu, names);
  }

  public static Split between(Sample a, Sample b) {
    double writer = 0;
    double otherJava = 0;
    for (var e : b.threads().entrySet()) {
      double s = (e.getValue() - a.threads().getOrDefault(e.getKey(), 0L)) / 1e9;
      if (WRITER_THREAD.equals(b.names().get(e.getKey()))) {
        writer += s;
      } else {
        otherJava += s;
      }
    }
    double process = a.processNanos() < 0 ? 0 : (b.processNanos() - a.processNanos()) / 1e9;
    double postgres = a.postgres() < 0 || b.postgres() < 0 ? Double.NaN : (b.postgres() - a.postgres()) / 1e9;
    return new Split((b.wallNanos() - a.wallNanos()) / 1e9, postgres, writer, otherJava,
        Math.max(0, process - writer - otherJava));
  }

  /** The postmaster's CPU, its ended children's, and its live children's, in nanoseconds (-1: unreadable). */
  static long postgresNanos(long postmaster) {
    long ticks = ticks(postmaster, true);
    if (ticks < 0) {
      return -1;
    }
    Optional<ProcessHandle> p = ProcessHandle.of(postmaster);
    if (p.isPresent()) {
      for (ProcessHandle child : p.get().children().toList()) {
        ticks += Math.max(0, ticks(child.pid(), false));
      }
    }
    return ticks * 1_000_000_000L / TICKS_PER_SECOND;
  }

  /** utime + stime (and with {@code children}, cutime + cstime) of a process, in ticks; -1 if unreadable. */
  static long ticks(long pid, boolean children) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // the command name (field 2) is in parentheses and may hold spaces: count fields after its closing one
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long t = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
      if (children) {
        t += Long.parseLong(f[13]) + Long.parseLong(f[14]); // cutime, cstime (fields 16, 17)
      }
      return t;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
