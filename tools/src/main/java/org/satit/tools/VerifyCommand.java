package org.satit.tools;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.satit.ingest.source.EmisGenerator.Scale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code satit verify …}: suites that prove a claim end to end on this machine and say what they compared. */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Prove satit's claims end to end on this machine.",
    subcommands = {VerifyCommand.Chaos.class, VerifyCommand.Fuzz.class})
final class VerifyCommand implements Runnable {

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "chaos", mixinStandardHelpOptions = true,
      description = {"Kill satit and restart its sources while the source changes, then prove the warehouse equals it.",
          "Three runs, in this order, each over a freshly generated source (--scale) that the simulator",
          "keeps changing (bad rows included):",
          "1. Over the embedded PostgreSQL: kill 'satit serve' with SIGKILL --kills times at random moments of the",
          "   snapshot and of streaming, starting it again each time; restart the source under it mid-stream",
          "   (--source-restarts) and as the snapshot's last chunks are read (--snapshot-end-restart); while",
          "   satit is down, lose the log position its checkpoint needs and replace the source by a restored",
          "   dump (--source-faults). Then the source stops changing, satit catches up, and every warehouse",
          "   table is compared with its source (counts and content checksums), the quarantine with the",
          "   source's bad rows, the rollups with a rebuild from the facts, and the warehouse is searched for",
          "   personal data.",
          "2. The same over a MariaDB server the suite starts itself (Debian's mariadbd; --mariadb-kills,",
          "   --mariadb-restarts; skipped, saying so, where it is not installed; --mariadb-kills 0: no",
          "   MariaDB run).",
          "3. Over the embedded PostgreSQL on a standalone Flink cluster (a JobManager and a TaskManager as separate",
          "   processes, 'satit serve' in cluster mode): once the snapshot is in, while the source changes, the",
          "   TaskManager killed with SIGKILL and replaced --taskmanager-kills times and 'satit serve' killed once",
          "   midway, then compared the same way (--taskmanager-kills 0: no cluster run).",
          "Exit 0 when every run's warehouse equals its source. Works in --work-dir (default data/verify-chaos),",
          "deleted afterwards unless --keep or a run failed."})
  static final class Chaos implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--scale", defaultValue = "esa", converter = ScaleConverter.class,
        description = "source size: esa, sample, province or country. Default: ${DEFAULT-VALUE}")
    Scale scale;

    @Option(names = "--kills", defaultValue = "20", description = "how many times to kill satit. Default: ${DEFAULT-VALUE}")
    int kills;

    @Option(names = "--source-restarts", defaultValue = "2",
        description = "how many times to restart the source under a running satit. Default: ${DEFAULT-VALUE}")
    int sourceRestarts;

    @Option(names = "--mariadb-kills", defaultValue = "6",
        description = "kills in the run over a MariaDB server of the suite's own (0: no MariaDB run). Default: ${DEFAULT-VALUE}")
    int mariadbKills;

    @Option(names = "--mariadb-restarts", defaultValue = "1",
        description = "restarts (SIGKILL) of that MariaDB under a running satit. Default: ${DEFAULT-VALUE}")
    int mariadbRestarts;

    @Option(names = "--snapshot-end-restart", negatable = true, defaultValue = "true", fallbackValue = "true",
        description = "also restart each source as the snapshot's last chunks are read: the moment that wedges Flink"
            + " CDC 3.5's MySQL source (FLINK-40052), from which satit recovers with a fresh snapshot. Default: yes")
    boolean snapshotEndRestart;

    @Option(names = "--source-faults", negatable = true, defaultValue = "true", fallbackValue = "true",
        description = "while satit is down, lose the log position its checkpoint needs (PostgreSQL: the slot dropped;"
            + " MariaDB: the binlogs purged) once, and replace the source by another server holding a dump of its"
            + " data once: each start after must snapshot afresh, saying why. Needs 3 kills or more. Default: yes")
    boolean sourceFaults;

    @Option(names = "--taskmanager-kills", defaultValue = "4",
        description = "a third run on a Flink cluster of separate JobManager and TaskManager processes, satit serve"
            + " in cluster mode: the TaskManager killed with SIGKILL and replaced this often, satit serve killed once"
            + " (0: no cluster run). Default: ${DEFAULT-VALUE}")
    int taskManagerKills;

    @Option(names = "--seed", description = "random seed (printed; repeats a run). Default: the clock")
    Long seed;

    @Option(names = "--work-dir", defaultValue = "data/verify-chaos", description = "Default: ${DEFAULT-VALUE}")
    Path dir;

    @Option(names = "--keep", description = "keep the work directory (source, warehouse, logs) afterwards")
    boolean keep;

    @Override
    public Integer call() throws Exception {
      if (kills < 1 || kills > 1000 || sourceRestarts < 0 || sourceRestarts > kills || mariadbKills < 0
          || mariadbKills > 1000 || mariadbRestarts < 0 || mariadbRestarts > Math.max(1, mariadbKills)
          || taskManagerKills < 0 || taskManagerKills > 1000) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
            "--kills must be 1-1000, --source-restarts 0 to --kills, --mariadb-kills 0-1000, --mariadb-restarts 0 to"
                + " --mariadb-kills, --taskmanager-kills 0-1000");
      }
      PrintWriter out = spec.commandLine().getOut();
      long s = seed != null ? seed : System.nanoTime();
      out.println("chaos: seed " + s + " (--seed " + s + " repeats the run)");
      ChaosSuite.Result r = ChaosSuite.run(new ChaosSuite.Options(scale, kills, sourceRestarts, mariadbKills,
          mariadbRestarts, snapshotEndRestart, sourceFaults, taskManagerKills, s, dir, keep), out);
      ChaosSuite.print(out, r);
      return r.passed() ? 0 : 1;
    }
  }

  @Command(name = "fuzz", mixinStandardHelpOptions = true,
      description = {"Serve a freshly generated source, then send generated requests over every route as every kind of",
          "caller (the public, analyst, district, admin, an API token, forged tokens and sessions): hostile and",
          "malformed parameters, bodies and tokens. Fails on any 5xx, any API error that is not JSON, any stack",
          "trace, password hash, key, password or citizen ID in an answer, any non-public chart or hidden number",
          "given to the public; then audits every public table (disclosure engine). Works in data/verify-fuzz."})
  static final class Fuzz implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--scale", defaultValue = "esa", converter = ScaleConverter.class,
        description = "source size: esa, sample, province or country. Default: ${DEFAULT-VALUE}")
    Scale scale;

    @Option(names = "--requests", defaultValue = "20000", description = "how many requests. Default: ${DEFAULT-VALUE}")
    int requests;

    @Option(names = "--seed", description = "random seed (printed; repeats a run). Default: the clock")
    Long seed;

    @Override
    public Integer call() throws Exception {
      if (requests < 1 || requests > 10_000_000) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--requests must be 1-10,000,000");
      }
      PrintWriter out = spec.commandLine().getOut();
      long s = seed != null ? seed : System.nanoTime();
      out.println("fuzz: seed " + s + " (--seed " + s + " repeats the run)");
      FuzzSuite.Result r = FuzzSuite.run(new FuzzSuite.Options(scale, s, requests, Path.of("data", "verify-fuzz")), out);
      FuzzSuite.print(out, r);
      return r.passed() ? 0 : 1;
    }
  }
}
