package org.satit.tools.bench;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;
import org.duckdb.DuckDBConnection;
import org.satit.ingest.cdc.IngestStatus;
import org.satit.ingest.source.EmbeddedSource;
import org.satit.ingest.source.EmisGenerator;
import org.satit.ingest.source.SourceLoader;
import org.satit.warehouse.NamedParameters;
import org.satit.warehouse.NamedSql;
import org.satit.warehouse.query.Principal;
import org.satit.warehouse.query.QueryLayer;
import org.satit.warehouse.query.Role;
import org.satit.warehouse.semantic.CompiledQuery;
import org.satit.warehouse.semantic.QueryCompiler;
import org.satit.warehouse.semantic.SemanticModel;

/**
 * {@code satit bench query}: fills a warehouse exactly as satit does (generate a source into the embedded
 * PostgreSQL, satit's CDC snapshot into DuckDB), stops the ingest job, and then runs the dashboard queries
 * of {@code bench/dashboard-queries.yaml} three ways: (a) through the governed layer (semantic model →
 * SQL over the analyst views → Calcite with its cached prepared plan, as the server runs them), (b) the
 * same compiled SQL as a DuckDB prepared statement over the analyst views, and (c) the equivalent SQL on
 * the source PostgreSQL. First it checks that all three give the same numbers; then it times every
 * execution (HdrHistogram) after a warm-up. No result is cached anywhere.
 */
public final class QueryBenchmark {

  /**
   * {@code iterations}: timed executions per query and path; {@code maxSecondsPerPath}: a query's path
   * stops early once it has spent this long (after a few executions), so a slow source database cannot
   * hold a large run for hours; {@code plantBadRows}: put rows ingest quarantines into the source before
   * the snapshot (tests), so the check proves the source SQL leaves them out too.
   */
  public record Options(EmisGenerator.Scale scale, long seed, int iterations, double maxSecondsPerPath,
                        Path workDir, boolean keep, boolean plantBadRows) {
    public Options {
      if (iterations < 1) {
        throw new IllegalArgumentException("--iterations must be at least 1, got " + iterations);
      }
      if (!(maxSecondsPerPath > 0)) {
        throw new IllegalArgumentException("--max-seconds must be > 0, got " + maxSecondsPerPath);
      }
    }
  }

  /** Executions timed, their p50, p95 and max (ms). */
  public record Timing(long executions, double p50Ms, double p95Ms, double maxMs) {
    static Timing of(Histogram h) {
      return new Timing(h.getTotalCount(), h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(95) / 1000.0,
          h.getMaxValue() / 1000.0);
    }
  }

  /** One dashboard query: rows it returns and the timings of the three paths. */
  public record QueryRun(String name, String title, String dataset, int rows, Timing calcite, Timing duckdb,
                         Timing postgres) {
  }

  public record Report(Options options, long sourceRows, Map<String, Long> warehouseRows, long quarantined,
                       long snapshotMillis, Map<String, Object> picks, List<QueryRun> queries, Timing allCalcite,
                       Timing allDuckdb, Timing allPostgres, List<String> mismatches, int warmup, long maxHeapBytes,
                       int cores, String duckdbVersion, String postgresVersion, List<String> decimalCuts) {
    public boolean correct() {
      return mismatches.isEmpty();
    }
  }

  public static final Principal ANALYST = new Principal("bench", Role.ANALYST, null);
  private static final long HIGHEST_MICROS = 3_600_000_000L;
  private static final String BAD_ROWS = "bench/bad-rows.sql";
  private static final List<String> BAD_ROW_STATEMENTS = List.of("onet_score.out_of_range", "onet_score.unknown_school",
      "onet_score.missing_key", "nt_score.out_of_range", "supervision_visit.impossible_date", "enrollment.unknown_school",
      "plc_activity.unknown_school", "student.invalid_citizen_id", "teacher.invalid_citizen_id");

  private QueryBenchmark() {
  }

  public static Report run(Options o, PrintWriter log) throws Exception {
    DashboardQueries dashboard = DashboardQueries.load();
    BenchSource.deleteRecursively(o.workDir());
    Files.createDirectories(o.workDir());
    try (EmbeddedSource source = EmbeddedSource.start(o.workDir().resolve("source"), 0)) {
      SourceLoader.Target target = source.target();
      Map<String, Long> expected = new LinkedHashMap<>(BenchSource.generate(target, o.scale(), o.seed(), log));
      long sourceRows = BenchSource.total(expected);
      if (o.plantBadRows()) {
        Map<String, Long> planted = plantBadRows(target);
        expected = new LinkedHashMap<>(BenchSource.sourceCounts(target));
        sourceRows = BenchSource.total(expected);
        planted.forEach((table, n) -> log.printf("planted %d bad %s row(s) in the source%n", n, table));
        expected.replaceAll((table, n) -> n - planted.getOrDefault(table, 0L));
      }

      log.println("satit: Flink CDC snapshot into the star schema …");
      log.flush();
      try (DuckDBConnection warehouse = BenchSource.openWarehouse(o.workDir().resolve("warehouse.duckdb"))) {
        long snapshotMillis;
        try (BenchSource.Snapshot job = BenchSource.startSnapshot(source, warehouse, o.workDir())) {
          snapshotMillis = BenchSource.awaitRows(warehouse, job, expected).whole() - job.startMillis();
        }
        IngestStatus.Snapshot status;
        try (Connection c = warehouse.duplicate()) {
          status = IngestStatus.read(c, "bench");
        }
        Map<String, Long> warehouseRows = status.tables().stream().collect(
            Collectors.toMap(IngestStatus.Table::name, IngestStatus.Table::rows, (a, b) -> a, LinkedHashMap::new));
        log.printf("warehouse filled in %.1f s (%,d rows, %,d in quarantine); ingest job stopped: the queries run on a"
            + " quiet warehouse%n", snapshotMillis / 1000.0, BenchSource.total(warehouseRows), status.quarantined());
        try (Connection pg = target.connect(); Statement st = pg.createStatement()) {
          st.execute("ANALYZE"); // planner statistics, as a live source database has them
        }
        log.flush();
        return measure(o, dashboard, warehouse, target, sourceRows, warehouseRows, status.quarantined(),
            snapshotMillis, log);
      }
    } finally {
      if (o.keep()) {
        log.printf("kept %s (source PostgreSQL data in source/, warehouse.duckdb)%n", o.workDir().toAbsolutePath());
      } else {
        BenchSource.deleteRecursively(o.workDir());
      }
      log.flush();
    }
  }

  private static Report measure(Options o, DashboardQueries dashboard, DuckDBConnection warehouse,
                                SourceLoader.Target target, long sourceRows, Map<String, Long> warehouseRows,
                                long quarantined, long snapshotMillis, PrintWriter log) throws Exception {
    QueryCompiler compiler = new QueryCompiler(SemanticModel.load());
    int warmup = Math.max(1, Math.min(10, o.iterations() / 10));
    List<String> mismatches = new ArrayList<>();
    List<String> decimalCuts = new ArrayList<>();
    List<QueryRun> runs = new ArrayList<>();
    Histogram allCalcite = histogram();
    Histogram allDuckdb = histogram();
    Histogram allPostgres = histogram();
    try (QueryLayer layer = new QueryLayer(warehouse);
         Connection duck = warehouse.duplicate();
         Connection pg = target.connect()) {
      try (Statement st = duck.createStatement()) {
        st.execute("SET search_path = '" + Role.ANALYST.duckdbSchema() + "'");
      }
      Map<String, Object> picks = dashboard.pick(duck);
      log.printf("picked from the warehouse: %s%n", picks.entrySet().stream()
          .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));

      // compile and check every query before timing any
      List<Prepared> prepared = new ArrayList<>();
      for (DashboardQueries.Query q : dashboard.queries()) {
        CompiledQuery compiled = compiler.compile(ANALYST, DashboardQueries.resolve(q.semantic(), picks));
        NamedParameters.Bound sourceSql = NamedParameters.bind(q.sourceSql(), picks);
        Prepared p = new Prepared(q, compiled, duck.prepareStatement(compiled.sql()), sourceSql,
            pg.prepareStatement(sourceSql.sql()));
        prepared.add(p);
        List<String> columns = compiled.columns().stream().map(CompiledQuery.Column::name).toList();
        List<List<Object>> viaCalcite = p.calcite(layer);
        List<List<Object>> viaDuckdb = p.duckdb();
        long t0 = System.nanoTime();
        List<List<Object>> viaPostgres = p.postgres();
        p.checkMillisPostgres = (System.nanoTime() - t0) / 1_000_000;
        int keys = (int) compiled.columns().stream().filter(c -> !c.measure()).count();
        p.rows = viaCalcite.size();
        Set<String> cut = new TreeSet<>();
        List<String> wrong = new ArrayList<>(ResultCheck.sameRows(q.name(), columns, viaCalcite, viaDuckdb, cut));
        wrong.addAll(ResultCheck.sourceRows(q.name(), columns, keys, viaDuckdb, viaPostgres));
        cut.forEach(c -> decimalCuts.add(q.name() + "." + c));
        if (viaCalcite.isEmpty()) {
          wrong.add(q.name() + ": no rows on any path (the picks found no data for this query)");
        }
        wrong.forEach(w -> log.println("ERROR: results differ: " + w));
        log.printf("checked %-24s %,6d rows: %s%s%n", q.name(), viaCalcite.size(),
            wrong.isEmpty() ? "Calcite = DuckDB = PostgreSQL" : wrong.size() + " mismatch(es)",
            cut.isEmpty() ? "" : " (Calcite cuts to DECIMAL: " + String.join(", ", cut) + ")");
        log.flush();
        mismatches.addAll(wrong);
      }
      if (!mismatches.isEmpty()) {
        log.println("ERROR: the paths disagree; nothing timed");
        for (Prepared p : prepared) {
          p.close();
        }
        return new Report(o, sourceRows, warehouseRows, quarantined, snapshotMillis, picks, List.of(),
            Timing.of(allCalcite), Timing.of(allDuckdb), Timing.of(allPostgres), List.copyOf(mismatches), warmup,
            Runtime.getRuntime().maxMemory(), Runtime.getRuntime().availableProcessors(), version(duck), version(pg),
            List.copyOf(decimalCuts));
      }

      for (Prepared p : prepared) {
        log.printf("timing %-24s …%n", p.query.name());
        log.flush();
        Histogram calcite = histogram();
        Histogram duckdb = histogram();
        Histogram postgres = histogram();
        for (int i = 0; i < warmup; i++) {
          p.calcite(layer);
          p.duckdb();
        }
        // Calcite and DuckDB alternate (which goes first too), so both see the same machine
        long budgetNanos = (long) (o.maxSecondsPerPath() * 1e9);
        long start = System.nanoTime();
        for (int i = 0; i < o.iterations(); i++) {
          if (i >= Math.min(o.iterations(), 5) && System.nanoTime() - start > 2 * budgetNanos) {
            break;
          }
          if (i % 2 == 0) {
            time(calcite, () -> p.calcite(layer));
            time(duckdb, p::duckdb);
          } else {
            time(duckdb, p::duckdb);
            time(calcite, () -> p.calcite(layer));
          }
        }
        if (p.checkMillisPostgres < 1_000) {
          p.postgres(); // one more warm-up (a query of seconds is warmed by the check alone)
        }
        start = System.nanoTime();
        for (int i = 0; i < o.iterations(); i++) {
          if (i >= Math.min(o.iterations(), 3) && System.nanoTime() - start > budgetNanos) {
            break;
          }
          time(postgres, p::postgres);
        }
        allCalcite.add(calcite);
        allDuckdb.add(duckdb);
        allPostgres.add(postgres);
        QueryRun run = new QueryRun(p.query.name(), p.query.title(), p.query.semantic().dataset(), p.rows,
            Timing.of(calcite), Timing.of(duckdb), Timing.of(postgres));
        runs.add(run);
        log.printf("  p50/p95 ms: Calcite %.1f/%.1f, DuckDB %.1f/%.1f, PostgreSQL %.1f/%.1f (%d executions)%n",
            run.calcite().p50Ms(), run.calcite().p95Ms(), run.duckdb().p50Ms(), run.duckdb().p95Ms(),
            run.postgres().p50Ms(), run.postgres().p95Ms(), run.postgres().executions());
        log.flush();
        p.close();
      }
      return new Report(o, sourceRows, warehouseRows, quarantined, snapshotMillis, picks, List.copyOf(runs),
          Timing.of(allCalcite), Timing.of(allDuckdb), Timing.of(allPostgres), List.of(), warmup,
          Runtime.getRuntime().maxMemory(), Runtime.getRuntime().availableProcessors(), version(duck), version(pg),
            List.copyOf(decimalCuts));
    }
  }

  /** One query ready on the three paths. */
  private static final class Prepared {
    final DashboardQueries.Query query;
    final CompiledQuery compiled;
    final PreparedStatement duckdb;
    final NamedParameters.Bound sourceSql;
    final PreparedStatement postgres;
    int rows;
    long checkMillisPostgres;

    Prepared(DashboardQueries.Query query, CompiledQuery compiled, PreparedStatement duckdb,
             NamedParameters.Bound sourceSql, PreparedStatement postgres) {
      this.query = query;
      this.compiled = compiled;
      this.duckdb = duckdb;
      this.sourceSql = sourceSql;
      this.postgres = postgres;
    }

    List<List<Object>> calcite(QueryLayer layer) throws SQLException {
      return layer.query(ANALYST, compiled.sql(), compiled.parameters()).rows();
    }

    List<List<Object>> duckdb() throws SQLException {
      DashboardQueries.set(duckdb, compiled.parameters());
      try (ResultSet rs = duckdb.executeQuery()) {
        return ResultCheck.rows(rs);
      }
    }

    List<List<Object>> postgres() throws SQLException {
      DashboardQueries.set(postgres, sourceSql.parameters());
      try (ResultSet rs = postgres.executeQuery()) {
        return ResultCheck.rows(rs);
      }
    }

    void close() throws SQLException {
      duckdb.close();
      postgres.close();
    }
  }

  private interface Execution {
    List<List<Object>> run() throws SQLException;
  }

  private static void time(Histogram h, Execution e) throws SQLException {
    long t0 = System.nanoTime();
    List<List<Object>> rows = e.run();
    long micros = (System.nanoTime() - t0) / 1000;
    if (rows == null) {
      throw new IllegalStateException("no result");
    }
    h.recordValue(Math.max(1, Math.min(HIGHEST_MICROS, micros)));
  }

  private static Histogram histogram() {
    return new Histogram(HIGHEST_MICROS, 3);
  }

  private static Map<String, Long> plantBadRows(SourceLoader.Target target) throws SQLException {
    NamedSql sql = NamedSql.load(BAD_ROWS);
    Map<String, Long> planted = new LinkedHashMap<>();
    try (Connection c = target.connect(); Statement st = c.createStatement()) {
      for (String name : BAD_ROW_STATEMENTS) {
        int n = st.executeUpdate(sql.get(name));
        if (n != 1) {
          throw new IllegalStateException(BAD_ROWS + ": " + name + " changed " + n + " rows, expected 1");
        }
        planted.merge(name.substring(0, name.indexOf('.')), 1L, Long::sum);
      }
    }
    return planted;
  }

  private static String version(Connection c) {
    try {
      return c.getMetaData().getDatabaseProductName() + " " + c.getMetaData().getDatabaseProductVersion();
    } catch (SQLException e) {
      return "?";
    }
  }

  // ------------------------------------------------------------------ report

  private static final long MIB = 1024 * 1024;
  static final double GOAL_P95_MS = 50;
  static final double GOAL_CALCITE_OVER_DUCKDB = 1.3;
  static final double GOAL_FASTER_THAN_SOURCE = 50;

  public static void print(PrintWriter out, Report r) {
    Options o = r.options();
    out.println();
    out.printf("satit bench query: %s scale (seed %d): source %,d rows; warehouse %,d rows (%,d test scores), %,d in"
            + " quarantine, filled by satit's CDC snapshot in %.1f s%n", o.scale().name().toLowerCase(), o.seed(),
        r.sourceRows(), BenchSource.total(r.warehouseRows()),
        r.warehouseRows().getOrDefault("onet_score", 0L) + r.warehouseRows().getOrDefault("nt_score", 0L)
            + r.warehouseRows().getOrDefault("rt_score", 0L), r.quarantined(), r.snapshotMillis() / 1000.0);
    out.printf("machine: %d cores, Java %s, max heap %,d MiB; %s; %s (embedded, same machine)%n", r.cores(),
        System.getProperty("java.specification.version"), r.maxHeapBytes() / MIB, r.duckdbVersion(),
        r.postgresVersion());
    out.printf("quiet warehouse (ingest job stopped); no result cache anywhere: Calcite reuses its prepared plan per"
        + " query (as the server does), DuckDB and PostgreSQL reuse prepared statements; every execution reads all"
        + " rows%n");
    out.printf("picked from the warehouse: %s%n", r.picks().entrySet().stream()
        .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
    if (!r.decimalCuts().isEmpty()) {
      out.printf("note: Calcite returns these measures as DECIMAL, cut to that scale from DuckDB's DOUBLE (differences"
          + " below one unit of the last digit accepted): %s%n", String.join(", ", r.decimalCuts()));
    }
    if (!r.correct()) {
      out.println();
      r.mismatches().forEach(m -> out.println("ERROR: results differ: " + m));
      out.printf("%d mismatch(es): Calcite, DuckDB and PostgreSQL do not agree; nothing was timed%n",
          r.mismatches().size());
      out.flush();
      return;
    }
    out.printf("per query: after the check, %d warm-up executions on Calcite and DuckDB and 1 on PostgreSQL (none when"
        + " its check took over 1 s), then up to %d timed per path (Calcite and DuckDB alternating; a path stops after"
        + " %.0f s, Calcite+DuckDB after %.0f s, once it has 3-5); times in ms%n", r.warmup(), o.iterations(),
        o.maxSecondsPerPath(), 2 * o.maxSecondsPerPath());
    out.println();
    out.printf("%-24s %6s | %-22s | %-22s | %-28s | %-14s | %-16s%n", "", "", "Calcite (governed)", "DuckDB direct",
        "PostgreSQL source", "Calcite/DuckDB", "PostgreSQL/Calcite");
    out.printf("%-24s %6s | %5s %8s %7s | %5s %8s %7s | %5s %10s %10s | %6s %6s | %7s %7s%n", "query", "rows",
        "n", "p50", "p95", "n", "p50", "p95", "n", "p50", "p95", "p50", "p95", "p50", "p95");
    for (QueryRun q : r.queries()) {
      line(out, q.name(), String.format("%,d", q.rows()), q.calcite(), q.duckdb(), q.postgres());
    }
    line(out, "all executions", "", r.allCalcite(), r.allDuckdb(), r.allPostgres());
    out.println();

    QueryRun slowest = max(r.queries(), q -> q.calcite().p95Ms());
    QueryRun worstOverhead = max(r.queries(), q -> q.calcite().p50Ms() / q.duckdb().p50Ms());
    QueryRun leastGain = max(r.queries(), q -> -q.postgres().p50Ms() / q.calcite().p50Ms());
    String note = o.scale() == EmisGenerator.Scale.COUNTRY ? "" : " (the goal is set for country scale)";
    out.printf("goals:%n");
    out.printf("  %s p95 through Calcite <= %.0f ms for every query%s: slowest %s p95 %.1f ms (all executions: %.1f ms)%n",
        mark(slowest.calcite().p95Ms() <= GOAL_P95_MS), GOAL_P95_MS, note, slowest.name(), slowest.calcite().p95Ms(),
        r.allCalcite().p95Ms());
    out.printf("  %s Calcite <= %.1fx DuckDB direct (p50) for every query: worst %s %.2fx (all executions: p50 %.2fx,"
            + " p95 %.2fx)%n", mark(worstOverhead.calcite().p50Ms() / worstOverhead.duckdb().p50Ms()
            <= GOAL_CALCITE_OVER_DUCKDB), GOAL_CALCITE_OVER_DUCKDB, worstOverhead.name(),
        worstOverhead.calcite().p50Ms() / worstOverhead.duckdb().p50Ms(),
        r.allCalcite().p50Ms() / r.allDuckdb().p50Ms(), r.allCalcite().p95Ms() / r.allDuckdb().p95Ms());
    out.printf("  %s >= %.0fx faster than the source PostgreSQL (p50) for every query: least %s %.1fx (all executions:"
            + " p50 %.1fx)%n", mark(leastGain.postgres().p50Ms() / leastGain.calcite().p50Ms() >= GOAL_FASTER_THAN_SOURCE),
        GOAL_FASTER_THAN_SOURCE, leastGain.name(), leastGain.postgres().p50Ms() / leastGain.calcite().p50Ms(),
        r.allPostgres().p50Ms() / r.allCalcite().p50Ms());
    out.println();
    for (QueryRun q : r.queries()) {
      out.printf("  %-24s %s (dataset %s)%n", q.name(), q.title(), q.dataset());
    }
    out.flush();
  }

  private static void line(PrintWriter out, String name, String rows, Timing c, Timing d, Timing p) {
    out.printf("%-24s %6s | %5d %8.1f %7.1f | %5d %8.1f %7.1f | %5d %10.1f %10.1f | %6.2f %6.2f | %7.1f %7.1f%n",
        name, rows, c.executions(), c.p50Ms(), c.p95Ms(), d.executions(), d.p50Ms(), d.p95Ms(), p.executions(),
        p.p50Ms(), p.p95Ms(), c.p50Ms() / d.p50Ms(), c.p95Ms() / d.p95Ms(), p.p50Ms() / c.p50Ms(),
        p.p95Ms() / c.p95Ms());
  }

  private static QueryRun max(List<QueryRun> runs, ToDoubleFunction<QueryRun> f) {
    return runs.stream().max(Comparator.comparingDouble(f)).orElseThrow();
  }

  private static String mark(boolean ok) {
    return ok ? "✔" : "✘";
  }
}
