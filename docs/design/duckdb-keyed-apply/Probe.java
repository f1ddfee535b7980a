import java.sql.*;
import java.util.*;
import java.util.regex.*;
import java.nio.file.*;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBAppender;

/**
 * DuckDB index-scan probe for satit.  Java 17 single-file launch:
 *   J=~/.m2/repository/org/duckdb/duckdb_jdbc/2.0.0.1/duckdb_jdbc-2.0.0.1.jar
 *   java -cp $J Probe.java <section> [options]        (or ./run.sh <section> ...)
 * Env: DB=file (on-disk db in java.io.tmpdir, CHECKPOINTed after build; default in-memory), ROWS=3000000
 * Sections (each ~5-60 s on 2 busy cores; split "forms" by passing sizes, e.g. forms tuned 10,100):
 *   settings                       version + relevant settings
 *   forms  [default|tuned] [sizes] form x batch-size matrix (plan + median ms), 3M-row table
 *   sweep                          which single setting flips which form at 10k keys
 *   scale [sizes]                  default vs tuned interleaved, DELETE / DELETE RETURNING / SELECT join (crossover)
 *   dyncost                        side effect of a high dynamic_or_filter_threshold on a table without index
 *   composite                      (test_code, score_id): composite index vs single surrogate key column
 *   inlist                         literal IN list size sweep (where does the index scan stop?)
 *   returning                      DELETE ... RETURNING semantics
 *   pk [mem|file]                  delete + re-insert same keys in one txn: PK / UNIQUE / plain index / composite PK
 *   load none|index|pk|after [mem|file]  appender 3M rows with/without index, CREATE INDEX after
 *   gotchas                        casts, extra predicates, composite keys, duplicates, txn-local data
 *   recipe [mem|file] [tuned|default] [batchKeys]  recommended batch (old rows via DELETE..RETURNING, insert, rollup, one txn)
 */
public class Probe {
  static final String JAR_HINT = "duckdb_jdbc 2.0.0.1";
  static Connection c;
  static Statement s;
  static int ROWS = 3_000_000;
  static int RUNS = 5;   // median of RUNS (gotchas uses 3)
  static final Random RND = new Random(42);

  interface Body { long run() throws Exception; }

  // ---------------------------------------------------------------- helpers
  static void exec(String sql) throws SQLException { s.execute(sql); }
  /** the 2.0.0.1 JDBC driver closes a Statement after an SQL error: make a new one and end any aborted txn */
  static void recover() {
    try (Statement x = c.createStatement()) { x.execute("ROLLBACK"); } catch (SQLException ignore) { }
    try { s = c.createStatement(); } catch (SQLException e) { throw new RuntimeException(e); }
  }
  static String one(String sql) throws SQLException {
    try (ResultSet r = s.executeQuery(sql)) { r.next(); return r.getString(1); }
  }
  static long drain(ResultSet r) throws SQLException { long n = 0; while (r.next()) n++; r.close(); return n; }

  static Connection open(String mode, String name) throws Exception {
    if ("file".equals(mode)) {
      Path p = Paths.get(System.getProperty("java.io.tmpdir"), name + ".duckdb");
      Files.deleteIfExists(p); Files.deleteIfExists(Paths.get(p + ".wal"));
      return DriverManager.getConnection("jdbc:duckdb:" + p);
    }
    return DriverManager.getConnection("jdbc:duckdb:");
  }

  /** fact: k BIGINT unique, plus composite key (test_code, score_id) and payload; rows physically shuffled. */
  static void buildFact(String table, int rows, String indexDdl) throws SQLException {
    long t0 = System.nanoTime();
    exec("CREATE OR REPLACE TABLE " + table + " AS SELECT range::BIGINT AS k, 'T' || (range % 500)::VARCHAR AS test_code, "
        + "(range // 500)::BIGINT AS score_id, DATE '2020-01-01' + (range % 1000)::INT AS d, random() AS v1, random() AS v2, "
        + "(range % 7)::INT AS v3, 'note' || (range % 100)::VARCHAR AS note FROM range(" + rows + ") ORDER BY hash(range)");
    long t1 = System.nanoTime();
    if (indexDdl != null) exec(indexDdl);
    if (!one("SELECT current_database()").equals("memory")) exec("CHECKPOINT");
    long t2 = System.nanoTime();
    System.out.printf("# built %s rows=%d ctas=%dms index=%dms (%s)%n", table, rows, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, indexDdl);
  }

  static long[] randomKeys(int n, int bound) {
    LinkedHashSet<Long> set = new LinkedHashSet<>();
    while (set.size() < n) set.add((long) RND.nextInt(bound));
    long[] a = new long[n]; int i = 0; for (long v : set) a[i++] = v; return a;
  }

  static void fillStgDel(long[] keys) throws SQLException {
    exec("CREATE OR REPLACE TABLE stg_del (k BIGINT)");
    try (DuckDBAppender ap = ((DuckDBConnection) c).createAppender("main", "stg_del")) {
      for (long k : keys) { ap.beginRow(); ap.append(k); ap.endRow(); }
    }
  }

  static String lit(long[] keys) {
    StringBuilder b = new StringBuilder(keys.length * 8);
    for (int i = 0; i < keys.length; i++) { if (i > 0) b.append(','); b.append(keys[i]); }
    return b.toString();
  }
  static String qmarks(int n) { return String.join(",", Collections.nCopies(n, "?")); }

  static Array arr(long[] keys) throws SQLException {
    Long[] boxed = new Long[keys.length]; for (int i = 0; i < keys.length; i++) boxed[i] = keys[i];
    return c.createArrayOf("BIGINT", boxed);
  }

  // ---------------------------------------------------------------- plan capture
  static final Pattern TYPE = Pattern.compile("\"timing\": ([0-9.eE+-]+),[^{}\\[\\]]*?\"type\": \"([A-Z_]+)\"");

  /** Runs EXPLAIN (ANALYZE, FORMAT JSON) for sql (with optional binder) inside BEGIN/ROLLBACK; returns summary. */
  static String plan(String sql, PrepBinder binder, String table) throws Exception {
    String json;
    exec("BEGIN");
    try {
      String ex = "EXPLAIN (ANALYZE, FORMAT JSON) " + sql;
      if (binder == null) {
        try (ResultSet r = s.executeQuery(ex)) { r.next(); json = r.getString(2); }
      } else {
        try (PreparedStatement p = c.prepareStatement(ex)) { binder.bind(p); try (ResultSet r = p.executeQuery()) { r.next(); json = r.getString(2); } }
      }
    } finally { exec("ROLLBACK"); }
    return summarize(json, table);
  }

  static String summarize(String json, String table) {
    List<String> ops = new ArrayList<>();
    Matcher m = TYPE.matcher(json);
    while (m.find()) {
      String t = m.group(2); double ms = Double.parseDouble(m.group(1)) * 1000;
      if (!t.equals("RESULT_COLLECTOR") && !t.equals("EXPLAIN_ANALYZE")) ops.add(ms >= 0.5 ? String.format("%s(%.0f)", t, ms) : t);
    }
    String scan = "?";
    String rowsScanned = "?";
    int i = json.indexOf("\"Table\": \"memory.main." + table + "\"");
    if (i < 0) i = json.indexOf("main." + table + "\"");
    if (i >= 0) {
      Matcher t = Pattern.compile("\"Type\": \"([^\"]+)\"").matcher(json); if (t.find(i)) scan = t.group(1);
      Matcher r = Pattern.compile("\"rows_scanned\": (\\d+)").matcher(json); if (r.find(i)) rowsScanned = r.group(1);
    }
    String total = "?", cpu = "?";
    int q = json.indexOf("\"query\": {");
    if (q >= 0) {
      Matcher tt = Pattern.compile("\"total_time\": ([0-9.eE+-]+)").matcher(json); if (tt.find(q)) total = String.format("%.0f", Double.parseDouble(tt.group(1)) * 1000);
      Matcher ct = Pattern.compile("\"cpu_time\": ([0-9.eE+-]+)").matcher(json); if (ct.find(q)) cpu = String.format("%.0f", Double.parseDouble(ct.group(1)) * 1000);
    }
    return String.format("%-15s rows_scanned=%-8s profiled total=%sms operator_cpu=%sms ops=%s", scan, rowsScanned, total, cpu, String.join(">", ops));
  }

  interface PrepBinder { void bind(PreparedStatement p) throws SQLException; }

  static PrepBinder bindLongs(long[] keys) { return p -> { for (int j = 0; j < keys.length; j++) p.setLong(j + 1, keys[j]); }; }
  static PrepBinder bindArray(long[] keys) { return p -> p.setArray(1, arr(keys)); }

  /** median wall ms of RUNS executions, each in BEGIN..ROLLBACK (statement time only). Returns {median, affectedRows}. */
  static double[] time(Body body) throws Exception {
    double[] ms = new double[RUNS]; long n = -1;
    for (int i = 0; i < RUNS; i++) {
      exec("BEGIN");
      long t0 = System.nanoTime();
      try { n = body.run(); } finally { ms[i] = (System.nanoTime() - t0) / 1e6; exec("ROLLBACK"); }
    }
    Arrays.sort(ms);
    return new double[]{ms[RUNS / 2], n};
  }

  static long runSql(String sql, boolean query) throws SQLException {
    if (query) { try (ResultSet r = s.executeQuery(sql)) { return drain(r); } }
    return s.executeUpdate(sql);
  }
  static long runPrep(String sql, PrepBinder b, boolean query) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(sql)) {
      b.bind(p);
      if (query) { try (ResultSet r = p.executeQuery()) { return drain(r); } }
      return p.executeUpdate();
    }
  }

  static void row(String form, int n, String plan, double[] t) {
    System.out.printf("%-34s n=%-6d %8.1f ms  affected=%-6d  %s%n", form, n, t[0], (long) t[1], plan);
  }

  // ---------------------------------------------------------------- sections
  static void settings() throws SQLException {
    System.out.println("version() = " + one("SELECT version()") + "  source_id = " + one("SELECT source_id FROM pragma_version()")
        + "  threads = " + one("SELECT current_setting('threads')"));
    try (ResultSet r = s.executeQuery("SELECT name, value, input_type, scope, description FROM duckdb_settings() WHERE name LIKE '%index%' OR name LIKE '%filter%' ORDER BY name")) {
      while (r.next()) System.out.printf("  %-30s = %-8s [%s, scope %s] %s%n", r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5));
    }
    // scope check: SET on this connection, read on a second connection of the same database instance
    Connection c2 = ((DuckDBConnection) c).duplicate();
    exec("SET dynamic_or_filter_threshold = 12345"); exec("SET index_scan_max_count = 54321");
    for (String n : new String[]{"dynamic_or_filter_threshold", "index_scan_max_count"}) {
      try (Statement s2 = c2.createStatement(); ResultSet r = s2.executeQuery("SELECT current_setting('" + n + "')")) { r.next();
        System.out.println("  after SET " + n + " on conn1: conn1=" + one("SELECT current_setting('" + n + "')") + " conn2=" + r.getString(1)); }
    }
    exec("RESET dynamic_or_filter_threshold"); exec("RESET index_scan_max_count");
    try { exec("SET LOCAL dynamic_or_filter_threshold = 10"); } catch (SQLException e) { System.out.println("  SET LOCAL -> " + e.getMessage().split("\n")[0]); recover(); }
    c2.close();
  }

  static void applyTuned() throws SQLException {
    exec("SET index_scan_max_count = 100000");
    exec("SET dynamic_or_filter_threshold = 100000");
    System.out.println("# tuned: SET index_scan_max_count = 100000; SET dynamic_or_filter_threshold = 100000");
  }

  static void forms(String mode, int[] sizes) throws Exception {
    buildFact("fact", ROWS, "CREATE INDEX fact_k ON fact(k)");
    if ("tuned".equals(mode)) applyTuned();
    System.out.println("# index_scan_max_count=" + one("SELECT current_setting('index_scan_max_count')") + " index_scan_percentage="
        + one("SELECT current_setting('index_scan_percentage')") + " dynamic_or_filter_threshold=" + one("SELECT current_setting('dynamic_or_filter_threshold')"));
    for (int n : sizes) {
      long[] keys = randomKeys(n, ROWS);
      long ta = System.nanoTime(); fillStgDel(keys); long tb = System.nanoTime();
      System.out.printf("---- batch %d keys (stg_del appender fill %.1f ms)%n", n, (tb - ta) / 1e6);
      String L = lit(keys);
      // --- DELETE forms
      String a = "DELETE FROM fact WHERE k IN (" + L + ")";
      row("a DELETE k IN (literals)", n, plan(a, null, "fact"), time(() -> runSql(a, false)));
      String b = "DELETE FROM fact WHERE k IN (SELECT k FROM stg_del)";
      row("b DELETE k IN (SELECT stg_del)", n, plan(b, null, "fact"), time(() -> runSql(b, false)));
      String cc = "DELETE FROM fact USING stg_del d WHERE fact.k = d.k";
      row("c DELETE USING stg_del", n, plan(cc, null, "fact"), time(() -> runSql(cc, false)));
      String d1 = "DELETE FROM fact WHERE k = ANY(?)";
      row("d1 DELETE k = ANY(?array)", n, plan(d1, bindArray(keys), "fact"), time(() -> runPrep(d1, bindArray(keys), false)));
      String d2 = "DELETE FROM fact WHERE k IN (" + qmarks(n) + ")";
      row("d2 DELETE k IN (?,?,..)", n, plan(d2, bindLongs(keys), "fact"), time(() -> runPrep(d2, bindLongs(keys), false)));
      String d3 = "DELETE FROM fact WHERE k IN (SELECT UNNEST(?))";
      row("d3 DELETE k IN (SELECT UNNEST(?))", n, plan(d3, bindArray(keys), "fact"), time(() -> runPrep(d3, bindArray(keys), false)));
      if (n <= 1000) {
        String d4 = "DELETE FROM fact WHERE k = ?";
        row("d4 DELETE k = ? (n executions)", n, plan(d4, p -> p.setLong(1, keys[0]), "fact"), time(() -> {
          long tot = 0; try (PreparedStatement p = c.prepareStatement(d4)) { for (long k : keys) { p.setLong(1, k); tot += p.executeUpdate(); } } return tot; }));
      }
      // --- SELECT old rows
      String sa = "SELECT * FROM fact WHERE k IN (" + L + ")";
      row("e-a SELECT k IN (literals)", n, plan(sa, null, "fact"), time(() -> runSql(sa, true)));
      String sb = "SELECT * FROM fact WHERE k IN (SELECT k FROM stg_del)";
      row("e-b SELECT k IN (SELECT stg_del)", n, plan(sb, null, "fact"), time(() -> runSql(sb, true)));
      String sc = "SELECT f.* FROM fact f JOIN stg_del d ON f.k = d.k";
      row("e-c SELECT JOIN stg_del", n, plan(sc, null, "fact"), time(() -> runSql(sc, true)));
      String sd = "SELECT * FROM fact WHERE k = ANY(?)";
      row("e-d1 SELECT k = ANY(?array)", n, plan(sd, bindArray(keys), "fact"), time(() -> runPrep(sd, bindArray(keys), true)));
      String sd2 = "SELECT * FROM fact WHERE k IN (" + qmarks(n) + ")";
      row("e-d2 SELECT k IN (?,?,..)", n, plan(sd2, bindLongs(keys), "fact"), time(() -> runPrep(sd2, bindLongs(keys), true)));
      // --- DELETE ... RETURNING
      String ra = "DELETE FROM fact WHERE k IN (" + L + ") RETURNING *";
      row("e-r1 DELETE IN(literals) RETURNING *", n, plan(ra, null, "fact"), time(() -> runSql(ra, true)));
      String rc = "DELETE FROM fact USING stg_del d WHERE fact.k = d.k RETURNING fact.*";
      row("e-r2 DELETE USING RETURNING fact.*", n, plan(rc, null, "fact"), time(() -> runSql(rc, true)));
      String rd = "DELETE FROM fact WHERE k = ANY(?) RETURNING *";
      row("e-r3 DELETE ANY(?) RETURNING *", n, plan(rd, bindArray(keys), "fact"), time(() -> runPrep(rd, bindArray(keys), true)));
    }
  }

  /** which single setting flips which form at 10k keys */
  static void sweep() throws Exception {
    buildFact("fact", ROWS, "CREATE INDEX fact_k ON fact(k)");
    int n = 10_000;
    long[] keys = randomKeys(n, ROWS); fillStgDel(keys);
    String L = lit(keys);
    String[][] cfg = {
        {"defaults"},
        {"SET index_scan_max_count = 20000"},
        {"SET index_scan_percentage = 0.01"},
        {"SET dynamic_or_filter_threshold = 20000"},
        {"SET index_scan_max_count = 20000", "SET dynamic_or_filter_threshold = 20000"},
        {"SET index_scan_max_count = 9999", "SET dynamic_or_filter_threshold = 20000"},
        {"SET index_scan_max_count = 10000", "SET dynamic_or_filter_threshold = 9999"},
    };
    String a = "DELETE FROM fact WHERE k IN (" + L + ")";
    String b = "DELETE FROM fact WHERE k IN (SELECT k FROM stg_del)";
    String cc = "DELETE FROM fact USING stg_del d WHERE fact.k = d.k";
    String d1 = "DELETE FROM fact WHERE k = ANY(?)";
    for (String[] sets : cfg) {
      exec("RESET index_scan_max_count"); exec("RESET index_scan_percentage"); exec("RESET dynamic_or_filter_threshold");
      if (!sets[0].equals("defaults")) for (String x : sets) exec(x);
      System.out.println("---- " + String.join("; ", sets));
      row("a DELETE k IN (literals)", n, plan(a, null, "fact"), time(() -> runSql(a, false)));
      row("b DELETE k IN (SELECT stg_del)", n, plan(b, null, "fact"), time(() -> runSql(b, false)));
      row("c DELETE USING stg_del", n, plan(cc, null, "fact"), time(() -> runSql(cc, false)));
      row("d1 DELETE k = ANY(?array)", n, plan(d1, bindArray(keys), "fact"), time(() -> runPrep(d1, bindArray(keys), false)));
    }
  }

  /** default vs tuned interleaved, for the two join shapes, across batch sizes: where is the crossover? */
  static void scale(int[] sizes) throws Exception {
    buildFact("fact", ROWS, "CREATE INDEX fact_k ON fact(k)");
    String del = "DELETE FROM fact USING stg_del d WHERE fact.k = d.k";
    String ret = "DELETE FROM fact USING stg_del d WHERE fact.k = d.k RETURNING fact.*";
    String sel = "SELECT f.* FROM fact f JOIN stg_del d ON f.k = d.k";
    for (int n : sizes) {
      long[] keys = randomKeys(n, ROWS); fillStgDel(keys);
      String ret2 = "DELETE FROM fact USING stg_del d WHERE fact.k = d.k RETURNING fact.test_code, fact.v1";
      for (String q : new String[]{del, ret, ret2, sel}) {
        boolean query = !q.equals(del);
        double[][] res = new double[2][];
        String[] plans = new String[2];
        List<Double> a = new ArrayList<>(), b = new ArrayList<>(), ca = new ArrayList<>(), cb = new ArrayList<>();
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        for (int rep = 0; rep < 7; rep++) {
          for (int mode = 0; mode < 2; mode++) {
            if (mode == 0) { exec("RESET index_scan_max_count"); exec("RESET dynamic_or_filter_threshold"); }
            else { exec("SET index_scan_max_count = 100000"); exec("SET dynamic_or_filter_threshold = 100000"); }
            if (rep == 0) plans[mode] = plan(q, null, "fact");
            exec("BEGIN"); long c0 = os.getProcessCpuTime(); long t0 = System.nanoTime(); runSql(q, query);
            double ms = (System.nanoTime() - t0) / 1e6; double cpu = (os.getProcessCpuTime() - c0) / 1e6; exec("ROLLBACK");
            (mode == 0 ? a : b).add(ms); (mode == 0 ? ca : cb).add(cpu);
          }
        }
        Collections.sort(a); Collections.sort(b); Collections.sort(ca); Collections.sort(cb);
        System.out.printf("n=%-6d %-86s default %6.1f ms (cpu %5.0f) [%s]   tuned %6.1f ms (cpu %5.0f) [%s]%n", n, q, a.get(3), ca.get(3), plans[0].substring(0, 15).trim(), b.get(3), cb.get(3), plans[1].substring(0, 15).trim());
        System.out.println("         default plan: " + plans[0]);
        System.out.println("         tuned   plan: " + plans[1]);
      }
    }
  }

  /** side effect of a high dynamic_or_filter_threshold on hash joins against tables WITHOUT a usable index */
  static void dyncost() throws Exception {
    buildFact("fact", ROWS, null);
    try { exec("SET LOCAL dynamic_or_filter_threshold = 10"); System.out.println("SET LOCAL accepted"); } catch (SQLException e) { System.out.println("SET LOCAL: " + e.getMessage().split("\n")[0]); recover(); }
    exec("RESET dynamic_or_filter_threshold");
    String q = "SELECT f.* FROM fact f JOIN stg_del d ON f.k = d.k";
    String q2 = "SELECT d.k, sum(f.v1) FROM fact f JOIN stg_del d ON f.k = d.k GROUP BY ALL";
    for (int n : new int[]{1000, 10000}) {
      long[] keys = randomKeys(n, ROWS); fillStgDel(keys);
      for (String sql : new String[]{q, q2}) {
        for (String v : new String[]{"50", "100000"}) {
          exec("SET dynamic_or_filter_threshold = " + v);
          String p = plan(sql, null, "fact"); double[] t = time(() -> runSql(sql, true));
          System.out.printf("no index, n=%-6d dynamic_or_filter_threshold=%-7s %7.1f ms  %s%n", n, v, t[0], p.replaceAll("ops=.*", ""));
        }
      }
    }
  }

  static void inlist() throws Exception {
    buildFact("fact", ROWS, "CREATE INDEX fact_k ON fact(k)");
    for (String mode : new String[]{"default", "max_count=100000"}) {
      if (!mode.equals("default")) exec("SET index_scan_max_count = 100000");
      System.out.println("---- " + mode);
      for (int n : new int[]{2, 5, 6, 10, 50, 51, 100, 500, 1000, 2000, 2048, 2049, 3000, 3001, 5000, 10000, 20000}) {
        long[] keys = randomKeys(n, ROWS);
        String q = "SELECT * FROM fact WHERE k IN (" + lit(keys) + ")";
        row("SELECT k IN (literals)", n, plan(q, null, "fact"), time(() -> runSql(q, true)));
      }
    }
  }

  static void returning() throws Exception {
    buildFact("fact", 100_000, "CREATE INDEX fact_k ON fact(k)");
    exec("CREATE TABLE stg_del AS SELECT k FROM (VALUES (1::BIGINT),(2),(3),(999999999)) t(k)");
    exec("BEGIN");
    System.out.println("DELETE FROM fact WHERE k IN (1,2,3,999999999) RETURNING *  ->");
    try (ResultSet r = s.executeQuery("DELETE FROM fact WHERE k IN (1,2,3,999999999) RETURNING *")) {
      ResultSetMetaData md = r.getMetaData();
      StringBuilder h = new StringBuilder("  cols:"); for (int i = 1; i <= md.getColumnCount(); i++) h.append(' ').append(md.getColumnName(i)).append(':').append(md.getColumnTypeName(i));
      System.out.println(h);
      while (r.next()) { StringBuilder b = new StringBuilder("  "); for (int i = 1; i <= md.getColumnCount(); i++) b.append(r.getString(i)).append(" | "); System.out.println(b); }
    }
    System.out.println("  remaining rows with k in (1,2,3) inside txn: " + one("SELECT count(*) FROM fact WHERE k IN (1,2,3)"));
    exec("ROLLBACK");
    System.out.println("  after ROLLBACK: " + one("SELECT count(*) FROM fact WHERE k IN (1,2,3)"));
    exec("BEGIN");
    System.out.println("DELETE FROM fact USING stg_del d WHERE fact.k = d.k RETURNING fact.k, fact.v1, d.k AS dk ->");
    try (ResultSet r = s.executeQuery("DELETE FROM fact USING stg_del d WHERE fact.k = d.k RETURNING fact.k, fact.v1, d.k AS dk")) {
      while (r.next()) System.out.println("  " + r.getString(1) + " | " + r.getString(2) + " | " + r.getString(3));
    } catch (SQLException e) { System.out.println("  ERROR: " + e.getMessage().split("\n")[0]); recover(); exec("BEGIN"); }
    exec("ROLLBACK");
    exec("BEGIN");
    System.out.println("Aggregate over DELETE RETURNING via CTE: WITH del AS (DELETE ... RETURNING *) SELECT ... ->");
    try (ResultSet r = s.executeQuery("WITH del AS (DELETE FROM fact WHERE k IN (1,2,3) RETURNING *) SELECT test_code, sum(v1) FROM del GROUP BY ALL")) {
      while (r.next()) System.out.println("  " + r.getString(1) + " | " + r.getString(2));
    } catch (SQLException e) { System.out.println("  ERROR: " + e.getMessage().split("\n")[0]); recover(); exec("BEGIN"); }
    exec("ROLLBACK");
    exec("BEGIN");
    System.out.println("INSERT INTO old_rows SELECT * FROM (DELETE ... RETURNING *) ->");
    try {
      exec("CREATE TEMP TABLE old_rows AS SELECT * FROM fact LIMIT 0");
      int cnt = s.executeUpdate("INSERT INTO old_rows SELECT * FROM (DELETE FROM fact WHERE k IN (1,2,3) RETURNING *)");
      System.out.println("  inserted " + cnt);
    } catch (SQLException e) { System.out.println("  ERROR: " + e.getMessage().split("\n")[0]); recover(); exec("BEGIN"); }
    exec("ROLLBACK");
    for (String q : new String[]{
        "INSERT INTO old_rows WITH del AS (DELETE FROM fact WHERE k IN (1,2,3) RETURNING *) SELECT * FROM del",
        "CREATE TEMP TABLE old_rows2 AS WITH del AS (DELETE FROM fact WHERE k IN (1,2,3) RETURNING *) SELECT * FROM del",
        "WITH del AS (DELETE FROM fact WHERE k IN (1,2,3) RETURNING *) INSERT INTO old_rows SELECT * FROM del",
        "WITH del AS (DELETE FROM fact USING stg_del d WHERE fact.k = d.k RETURNING fact.*) INSERT INTO old_rows SELECT * FROM del",
        "WITH del AS (DELETE FROM fact WHERE k IN (1,2,3) RETURNING *) SELECT (SELECT count(*) FROM del) AS a, (SELECT count(*) FROM del) AS b"}) {
      exec("BEGIN");
      System.out.println(q + " ->");
      try {
        exec("CREATE TEMP TABLE old_rows AS SELECT * FROM fact LIMIT 0");
        boolean rs = s.execute(q);
        if (rs) { try (ResultSet r = s.getResultSet()) { r.next(); System.out.println("  result: " + r.getString(1) + (r.getMetaData().getColumnCount() > 1 ? ", " + r.getString(2) : "")); } }
        else System.out.println("  update count " + s.getUpdateCount());
        System.out.println("  old_rows=" + one("SELECT count(*) FROM old_rows") + " remaining fact rows for keys 1,2,3=" + one("SELECT count(*) FROM fact WHERE k IN (1,2,3)"));
      } catch (SQLException e) { System.out.println("  ERROR: " + e.getMessage().split("\n")[0]); recover(); exec("BEGIN"); }
      exec("ROLLBACK");
    }
    System.out.println("prepared DELETE ... WHERE k = ANY(?) RETURNING k, v1 via executeQuery ->");
    exec("BEGIN");
    try (PreparedStatement p = c.prepareStatement("DELETE FROM fact WHERE k = ANY(?) RETURNING k, v1")) {
      p.setArray(1, arr(new long[]{5, 6, 7}));
      try (ResultSet r = p.executeQuery()) { while (r.next()) System.out.println("  " + r.getLong(1) + " | " + r.getDouble(2)); }
    }
    exec("ROLLBACK");
  }

  static void tryDo(String label, String... sqls) {
    try { for (String q : sqls) exec(q); System.out.println("  OK    " + label); }
    catch (SQLException e) { System.out.println("  ERROR " + label + ": " + e.getMessage().split("\n")[0]); recover(); }
  }

  /** delete + re-insert same keys inside one transaction, several batches */
  static void pk(String mode) throws Exception {
    c = open(mode, "pk"); s = c.createStatement();
    int rows = 1_000_000;
    String[][] variants = {
        {"PRIMARY KEY (k)", "CREATE TABLE t (k BIGINT PRIMARY KEY, test_code VARCHAR, score_id BIGINT, v1 DOUBLE)"},
        {"UNIQUE INDEX (k)", "CREATE TABLE t (k BIGINT, test_code VARCHAR, score_id BIGINT, v1 DOUBLE); CREATE UNIQUE INDEX t_k ON t(k)"},
        {"plain INDEX (k)", "CREATE TABLE t (k BIGINT, test_code VARCHAR, score_id BIGINT, v1 DOUBLE); CREATE INDEX t_k ON t(k)"},
        {"PRIMARY KEY (test_code, score_id)", "CREATE TABLE t (k BIGINT, test_code VARCHAR, score_id BIGINT, v1 DOUBLE, PRIMARY KEY (test_code, score_id))"},
    };
    for (String[] v : variants) {
      exec("DROP TABLE IF EXISTS t");
      for (String ddl : v[1].split("; ")) exec(ddl);
      exec("INSERT INTO t SELECT range, 'T' || (range % 500)::VARCHAR, range // 500, random() FROM range(" + rows + ")");
      if ("file".equals(mode)) exec("CHECKPOINT");
      System.out.println("==== " + v[0] + " (" + mode + ", " + rows + " rows)");
      boolean composite = v[0].contains("test_code");
      String del = composite ? "DELETE FROM t USING stg t2 WHERE t.test_code = t2.test_code AND t.score_id = t2.score_id"
          : "DELETE FROM t WHERE k IN (SELECT k FROM stg)";
      // sanity: plain duplicate insert must fail for unique variants
      exec("CREATE OR REPLACE TEMP TABLE stg AS SELECT k, test_code, score_id, v1 + 1 AS v1 FROM t WHERE k < 3");
      tryDo("INSERT duplicate keys without delete (expect ERROR for PK/UNIQUE)", "BEGIN", "INSERT INTO t SELECT * FROM stg", "COMMIT");
      if (!v[0].startsWith("plain")) { } else { exec("DELETE FROM t WHERE k < 3 AND v1 > 1"); }
      for (int batch = 0; batch < 5; batch++) {
        long[] keys = randomKeys(10_000, rows);
        exec("CREATE OR REPLACE TEMP TABLE stg AS SELECT k, test_code, score_id, v1 + 1 AS v1 FROM t WHERE k IN (SELECT UNNEST(" + "[" + lit(keys) + "]::BIGINT[]))");
        long t0 = System.nanoTime();
        try {
          exec("BEGIN");
          int d = s.executeUpdate(del);
          int i = s.executeUpdate("INSERT INTO t SELECT * FROM stg");
          exec("COMMIT");
          System.out.printf("  OK    batch %d: BEGIN; DELETE %d; INSERT %d; COMMIT  (%.0f ms) rows now %s%n", batch, d, i, (System.nanoTime() - t0) / 1e6, one("SELECT count(*) FROM t"));
        } catch (SQLException e) {
          System.out.println("  ERROR batch " + batch + ": " + e.getMessage().split("\n")[0]);
          recover();
        }
        if ("file".equals(mode) && batch == 2) { exec("CHECKPOINT"); System.out.println("  (CHECKPOINT)"); }
      }
      // same key twice in one transaction + overlap of consecutive batches in one transaction
      exec("CREATE OR REPLACE TEMP TABLE stg AS SELECT k, test_code, score_id, v1 + 1 AS v1 FROM t WHERE k < 100");
      tryDo("one txn: DELETE+INSERT, DELETE+INSERT again same keys, COMMIT", "BEGIN", del, "INSERT INTO t SELECT * FROM stg", del, "INSERT INTO t SELECT * FROM stg", "COMMIT");
      tryDo("one txn: DELETE+INSERT then UPDATE key-preserving", "BEGIN", del, "INSERT INTO t SELECT * FROM stg", "UPDATE t SET v1 = v1 + 1 WHERE k < 100", "COMMIT");
      tryDo("autocommit: DELETE then INSERT as two statements", del, "INSERT INTO t SELECT * FROM stg");
      tryDo("one txn: INSERT ... ON CONFLICT DO UPDATE (upsert instead)", "BEGIN",
          "INSERT INTO t SELECT * FROM stg ON CONFLICT DO UPDATE SET v1 = excluded.v1", "COMMIT");
      System.out.println("  final count " + one("SELECT count(*) FROM t") + ", distinct k " + one("SELECT count(DISTINCT k) FROM t"));
    }
    c.close();
  }

  /** bulk load 3M rows with the appender */
  static void load(String what, String mode) throws Exception {
    c = open(mode, "load_" + what); s = c.createStatement();
    String ddl = "CREATE TABLE fact (k BIGINT, test_code VARCHAR, score_id BIGINT, d DATE, v1 DOUBLE, v2 DOUBLE, v3 INTEGER, note VARCHAR)";
    switch (what) {
      case "pk": ddl = ddl.replace("k BIGINT,", "k BIGINT PRIMARY KEY,"); break;
      case "index": break;
      default: break;
    }
    exec(ddl);
    if (what.equals("index")) exec("CREATE INDEX fact_k ON fact(k)");
    if (what.equals("composite")) exec("CREATE INDEX fact_tc_sid ON fact(test_code, score_id)");
    long[] perm = new long[ROWS]; for (int i = 0; i < ROWS; i++) perm[i] = i;
    for (int i = ROWS - 1; i > 0; i--) { int j = RND.nextInt(i + 1); long t = perm[i]; perm[i] = perm[j]; perm[j] = t; }
    String[] tc = new String[500]; for (int i = 0; i < 500; i++) tc[i] = "T" + i;
    String[] nt = new String[100]; for (int i = 0; i < 100; i++) nt[i] = "note" + i;
    java.time.LocalDate[] dd = new java.time.LocalDate[1000]; for (int i = 0; i < 1000; i++) dd[i] = java.time.LocalDate.of(2020, 1, 1).plusDays(i);
    long t0 = System.nanoTime();
    try (DuckDBAppender ap = ((DuckDBConnection) c).createAppender("main", "fact")) {
      for (int i = 0; i < ROWS; i++) {
        long k = perm[i];
        ap.beginRow(); ap.append(k); ap.append(tc[(int) (k % 500)]); ap.append(k / 500); ap.append(dd[(int) (k % 1000)]);
        ap.append(i * 0.5); ap.append(k * 0.25); ap.append((int) (k % 7)); ap.append(nt[(int) (k % 100)]); ap.endRow();
      }
    }
    long t1 = System.nanoTime();
    if ("file".equals(mode)) exec("CHECKPOINT");
    long t2 = System.nanoTime();
    System.out.printf("load=%s mode=%s: appender %d rows %.0f ms, checkpoint %.0f ms%n", what, mode, ROWS, (t1 - t0) / 1e6, (t2 - t1) / 1e6);
    if (what.equals("after") || what.equals("none")) {
      long t3 = System.nanoTime(); exec("CREATE INDEX fact_k ON fact(k)"); long t4 = System.nanoTime();
      System.out.printf("  CREATE INDEX fact_k ON fact(k) after load: %.0f ms%n", (t4 - t3) / 1e6);
      if (what.equals("after")) {
        exec("DROP INDEX fact_k");
        long t5 = System.nanoTime();
        tryDo("ALTER TABLE fact ADD PRIMARY KEY (k)", "ALTER TABLE fact ADD PRIMARY KEY (k)");
        System.out.printf("  ALTER TABLE ADD PRIMARY KEY after load: %.0f ms%n", (System.nanoTime() - t5) / 1e6);
      }
    }
    if ("file".equals(mode)) {
      exec("CHECKPOINT");
      System.out.println("  db file size: " + Files.size(Paths.get(System.getProperty("java.io.tmpdir"), "load_" + what + ".duckdb")) / (1024 * 1024) + " MiB");
    }
    System.out.println("  duckdb_indexes: " + one("SELECT coalesce(string_agg(index_name || ' unique=' || is_unique, ', '), 'none') FROM duckdb_indexes()")
        + "  constraints: " + one("SELECT coalesce(string_agg(constraint_type, ','), 'none') FROM duckdb_constraints() WHERE table_name = 'fact'")
        + "  memory: " + one("SELECT string_agg(tag || '=' || (memory_usage_bytes // 1048576) || 'MiB', ' ') FROM duckdb_memory() WHERE memory_usage_bytes > 1048576"));
    c.close();
  }

  static void gotchas() throws Exception {
    RUNS = 3;
    exec("SET index_scan_max_count = 100000"); exec("SET dynamic_or_filter_threshold = 100000");
    buildFact("fact", ROWS, "CREATE INDEX fact_k ON fact(k)");
    exec("CREATE TABLE fi AS SELECT k::INTEGER AS k, v1 FROM fact"); exec("CREATE INDEX fi_k ON fi(k)");
    exec("CREATE TABLE fc AS SELECT * FROM fact"); exec("CREATE INDEX fc_tc_sid ON fc(test_code, score_id)");
    exec("CREATE TABLE fs AS SELECT * FROM fact"); exec("CREATE INDEX fs_sid ON fs(score_id)");
    exec("CREATE TABLE fx AS SELECT * FROM fact"); exec("CREATE INDEX fx_expr ON fx((test_code || ':' || score_id::VARCHAR))");
    exec("CREATE TABLE fv AS SELECT k::VARCHAR AS ks, v1 FROM fact"); exec("CREATE INDEX fv_ks ON fv(ks)");
    long[] keys = randomKeys(1000, ROWS); fillStgDel(keys);
    String L = lit(keys);
    exec("CREATE OR REPLACE TABLE stg_del2 AS SELECT f.test_code, f.score_id FROM fact f JOIN stg_del USING (k)");
    exec("CREATE OR REPLACE TABLE stg_int AS SELECT k::INTEGER AS k FROM stg_del");
    exec("CREATE OR REPLACE TABLE stg_dense AS SELECT (1000000 + range)::BIGINT AS k FROM range(1000)");
    exec("CREATE OR REPLACE TABLE stg_one AS SELECT 12345::BIGINT AS k");
    StringBuilder dense = new StringBuilder(); for (int i = 0; i < 1000; i++) { if (i > 0) dense.append(','); dense.append(1000000 + i); }
    String[][] cases = {
        {"fact", "baseline: SELECT * FROM fact WHERE k IN (1000 literals)", "SELECT * FROM fact WHERE k IN (" + L + ")"},
        {"fact", "EXPLAIN without ANALYZE (static plan text)", null},
        {"fact", "extra predicate on another column: k IN (..) AND v3 = 1", "SELECT * FROM fact WHERE k IN (" + L + ") AND v3 = 1"},
        {"fact", "extra predicate on same column: k IN (..) AND k > 10", "SELECT * FROM fact WHERE k IN (" + L + ") AND k > 10"},
        {"fact", "CAST on column: k::VARCHAR IN ('..')", "SELECT * FROM fact WHERE k::VARCHAR IN ('" + L.replace(",", "','") + "')"},
        {"fact", "CAST on column: k::DOUBLE IN (..)", "SELECT * FROM fact WHERE k::DOUBLE IN (" + L + ")"},
        {"fact", "literals as VARCHAR '123' vs BIGINT col", "SELECT * FROM fact WHERE k IN ('" + L.replace(",", "','") + "')"},
        {"fact", "literals as DOUBLE 123.0 vs BIGINT col", "SELECT * FROM fact WHERE k IN (" + L.replace(",", ".0,") + ".0)"},
        {"fact", "literals as HUGEINT vs BIGINT col", "SELECT * FROM fact WHERE k IN (" + L.replace(",", "::HUGEINT,") + "::HUGEINT)"},
        {"fi", "INTEGER column, BIGINT literals ::BIGINT", "SELECT * FROM fi WHERE k IN (" + L.replace(",", "::BIGINT,") + "::BIGINT)"},
        {"fi", "INTEGER column JOIN BIGINT stg_del", "SELECT fi.* FROM fi JOIN stg_del d ON fi.k = d.k"},
        {"fi", "INTEGER column JOIN INTEGER stg_int", "SELECT fi.* FROM fi JOIN stg_int d ON fi.k = d.k"},
        {"fi", "INTEGER column = ANY(BIGINT[] param)", "PARAM_ANY:SELECT * FROM fi WHERE k = ANY(?)"},
        {"fv", "VARCHAR key column JOIN ... (ks = k::VARCHAR)", "SELECT fv.* FROM fv JOIN stg_del d ON fv.ks = d.k::VARCHAR"},
        {"fv", "VARCHAR key column IN ('..' literals)", "SELECT * FROM fv WHERE ks IN ('" + L.replace(",", "','") + "')"},
        {"fact", "duplicates in IN list (each key x2)", "SELECT * FROM fact WHERE k IN (" + L + "," + L + ")"},
        {"fact", "duplicates in stg_del JOIN (each key x2) -> rows duplicated", "SELECT f.* FROM fact f JOIN (SELECT k FROM stg_del UNION ALL SELECT k FROM stg_del) d ON f.k = d.k"},
        {"fact", "duplicates in stg_del IN (SELECT) (semi join, no dup rows)", "SELECT * FROM fact WHERE k IN (SELECT k FROM stg_del UNION ALL SELECT k FROM stg_del)"},
        {"fact", "contiguous keys (1000 consecutive) IN literals", "SELECT * FROM fact WHERE k IN (" + dense + ")"},
        {"fact", "contiguous keys JOIN stg_dense", "SELECT f.* FROM fact f JOIN stg_dense d ON f.k = d.k"},
        {"fact", "contiguous keys JOIN (stg_dense UNION ALL -1): -1 pruned by min/max stats", "SELECT f.* FROM fact f JOIN (SELECT k FROM stg_dense UNION ALL SELECT -1) d ON f.k = d.k"},
        {"fact", "contiguous keys IN (-1, literals)", "SELECT * FROM fact WHERE k IN (-1," + dense + ")"},
        {"fact", "single-key stg table JOIN", "SELECT f.* FROM fact f JOIN stg_one d ON f.k = d.k"},
        {"fact", "OR of equalities written by hand", "SELECT * FROM fact WHERE " + "k = " + L.replace(",", " OR k = ")},
        {"fact", "k BETWEEN range (200 rows)", "SELECT * FROM fact WHERE k BETWEEN 1000 AND 1199"},
        {"fact", "k >= 1000 AND k < 1200 (200 rows)", "SELECT * FROM fact WHERE k >= 1000 AND k < 1200"},
        {"fact", "k < 200 (200 rows)", "SELECT * FROM fact WHERE k < 200"},
        {"fact", "k = 12345 (single equality)", "SELECT * FROM fact WHERE k = 12345"},
        {"fact", "projection only k (SELECT k ...)", "SELECT k FROM fact WHERE k IN (" + L + ")"},
        {"fact", "SELECT count(*) ... IN", "SELECT count(*) FROM fact WHERE k IN (" + L + ")"},
        {"fc", "composite index (test_code, score_id): JOIN on both cols", "SELECT fc.* FROM fc JOIN stg_del2 d ON fc.test_code = d.test_code AND fc.score_id = d.score_id"},
        {"fc", "composite index: (test_code, score_id) IN (row literals)", "SELECT * FROM fc WHERE (test_code, score_id) IN (SELECT test_code, score_id FROM stg_del2)"},
        {"fc", "composite index: single key test_code='T1' AND score_id=2", "SELECT * FROM fc WHERE test_code = 'T1' AND score_id = 2"},
        {"fs", "index on score_id only: JOIN on both cols", "SELECT fs.* FROM fs JOIN stg_del2 d ON fs.test_code = d.test_code AND fs.score_id = d.score_id"},
        {"fs", "index on score_id only: JOIN on score_id, filter test_code after", "SELECT fs.* FROM fs JOIN stg_del2 d ON fs.score_id = d.score_id WHERE fs.test_code = d.test_code"},
        {"fs", "index on score_id only: score_id IN (SELECT) then test_code match", "SELECT * FROM fs WHERE score_id IN (SELECT score_id FROM stg_del2) AND (test_code, score_id) IN (SELECT test_code, score_id FROM stg_del2)"},
        {"fx", "expression index on test_code||':'||score_id: JOIN on expr", "SELECT fx.* FROM fx JOIN stg_del2 d ON (fx.test_code || ':' || fx.score_id::VARCHAR) = (d.test_code || ':' || d.score_id::VARCHAR)"},
        {"fx", "expression index: expr IN (literals)", "EXPR_LIT"},
    };
    for (String[] cs : cases) {
      String table = cs[0], label = cs[1], sql = cs[2];
      if (sql == null) {
        String q = "SELECT * FROM fact WHERE k IN (" + L + ")";
        String txt; try (ResultSet r = s.executeQuery("EXPLAIN " + q)) { r.next(); txt = r.getString(2); }
        Matcher m = Pattern.compile("Type: (Sequential Scan|Index Scan)").matcher(txt);
        System.out.printf("%-70s -> EXPLAIN text says Type: %s (EXPLAIN ANALYZE said Index Scan above)%n", label, m.find() ? m.group(1) : "?");
        continue;
      }
      try {
        String p; double[] t;
        if (sql.startsWith("PARAM_ANY:")) {
          String q = sql.substring(10);
          p = plan(q, bindArray(keys), table); t = time(() -> runPrep(q, bindArray(keys), true));
        } else if (sql.equals("EXPR_LIT")) {
          StringBuilder b = new StringBuilder("SELECT * FROM fx WHERE (test_code || ':' || score_id::VARCHAR) IN (");
          try (ResultSet r = s.executeQuery("SELECT string_agg('''' || test_code || ':' || score_id || '''', ',') FROM stg_del2")) { r.next(); b.append(r.getString(1)); }
          String q = b.append(")").toString();
          p = plan(q, null, table); t = time(() -> runSql(q, true));
        } else {
          p = plan(sql, null, table); t = time(() -> runSql(sql, true));
        }
        System.out.printf("%-70s %8.1f ms rows=%-6d %s%n", label, t[0], (long) t[1], p);
      } catch (SQLException e) { System.out.printf("%-70s ERROR %s%n", label, e.getMessage().split("\n")[0]); recover(); }
    }
    // transaction-local data
    System.out.println("---- transaction-local state (index_scan_max_count=100000, dynamic_or_filter_threshold=100000)");
    String sel = "SELECT * FROM fact WHERE k IN (SELECT k FROM stg_del)";
    exec("BEGIN");
    exec("DELETE FROM fact WHERE k IN (SELECT k FROM stg_del)");
    String j = jsonPlan(sel);
    System.out.println("after DELETE in same txn, SELECT same keys:        " + summarize(j, "fact"));
    exec("INSERT INTO fact SELECT k, 'X', 0, DATE '2020-01-01', 0, 0, 0, 'new' FROM stg_del");
    j = jsonPlan(sel);
    System.out.println("after DELETE+INSERT in same txn, SELECT same keys: " + summarize(j, "fact") + " count=" + one("SELECT count(*) FROM fact WHERE k IN (SELECT k FROM stg_del)"));
    exec("DELETE FROM fact WHERE k IN (SELECT k FROM stg_del)");
    j = jsonPlan(sel);
    System.out.println("after 2nd DELETE in same txn:                       " + summarize(j, "fact") + " count=" + one("SELECT count(*) FROM fact WHERE k IN (SELECT k FROM stg_del)"));
    exec("ROLLBACK");
  }

  /** composite business key (test_code, score_id): ways to get a single indexed column */
  static void composite() throws Exception {
    exec("SET index_scan_max_count = 100000"); exec("SET dynamic_or_filter_threshold = 100000");
    buildFact("fact", ROWS, null);
    // (1) hash surrogate, (2) packed surrogate: test_code number in the high bits, score_id in the low 40 bits
    exec("ALTER TABLE fact ADD COLUMN h UBIGINT"); exec("UPDATE fact SET h = hash(test_code, score_id)");
    exec("ALTER TABLE fact ADD COLUMN pk BIGINT"); exec("UPDATE fact SET pk = (substr(test_code, 2)::BIGINT << 40) | score_id");
    exec("CREATE INDEX fact_h ON fact(h)"); exec("CREATE INDEX fact_pk ON fact(pk)");
    long[] keys = randomKeys(1000, ROWS); fillStgDel(keys);
    exec("CREATE OR REPLACE TABLE stg_del2 AS SELECT f.test_code, f.score_id, hash(f.test_code, f.score_id) AS h, (substr(f.test_code, 2)::BIGINT << 40) | f.score_id AS pk FROM fact f JOIN stg_del USING (k)");
    String[][] cases = {
        {"JOIN ON h only (hash surrogate)", "SELECT f.* FROM fact f JOIN stg_del2 d ON f.h = d.h"},
        {"JOIN ON h AND test_code AND score_id (collision-safe)", "SELECT f.* FROM fact f JOIN stg_del2 d ON f.h = d.h AND f.test_code = d.test_code AND f.score_id = d.score_id"},
        {"h IN (SELECT h) AND (tc,sid) IN (SELECT tc,sid)", "SELECT * FROM fact WHERE h IN (SELECT h FROM stg_del2) AND (test_code, score_id) IN (SELECT test_code, score_id FROM stg_del2)"},
        {"JOIN ON h, residual in outer query over subselect", "SELECT x.* FROM (SELECT f.* FROM fact f WHERE f.h IN (SELECT h FROM stg_del2)) x JOIN stg_del2 d ON x.test_code = d.test_code AND x.score_id = d.score_id"},
        {"JOIN ON pk only (packed BIGINT surrogate)", "SELECT f.* FROM fact f JOIN stg_del2 d ON f.pk = d.pk"},
        {"DELETE USING pk", "DELETE FROM fact USING stg_del2 d WHERE fact.pk = d.pk"},
        {"DELETE WHERE h IN (SELECT h) AND (tc,sid) IN (...) ", "DELETE FROM fact WHERE h IN (SELECT h FROM stg_del2) AND (test_code, score_id) IN (SELECT test_code, score_id FROM stg_del2)"},
        {"DELETE rowid IN (collision-safe subselect)", "DELETE FROM fact WHERE rowid IN (SELECT x.rowid FROM (SELECT f.rowid, f.test_code, f.score_id FROM fact f WHERE f.h IN (SELECT h FROM stg_del2)) x JOIN stg_del2 d ON x.test_code = d.test_code AND x.score_id = d.score_id)"},
    };
    for (String[] cs : cases) {
      try {
        String p = plan(cs[1], null, "fact"); double[] t = time(() -> runSql(cs[1], cs[1].startsWith("SELECT")));
        System.out.printf("%-60s %8.1f ms rows=%-6d %s%n", cs[0], t[0], (long) t[1], p);
      } catch (SQLException e) { System.out.printf("%-60s ERROR %s%n", cs[0], e.getMessage().split("\n")[0]); recover(); }
    }
  }

  static String jsonPlan(String sql) throws SQLException {
    try (ResultSet r = s.executeQuery("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)) { r.next(); return r.getString(2); }
  }

  /** recommended batch, end to end, repeated over several batches, against a PK table */
  static void recipe(String mode, String settings, int batchKeys) throws Exception {
    c = open(mode, "recipe"); s = c.createStatement();
    if (settings.equals("tuned")) {
      exec("SET index_scan_max_count = 100000");
      exec("SET dynamic_or_filter_threshold = 100000");
    }
    System.out.println("# recipe " + mode + " " + settings + " batch=" + batchKeys + ": index_scan_max_count=" + one("SELECT current_setting('index_scan_max_count')")
        + " dynamic_or_filter_threshold=" + one("SELECT current_setting('dynamic_or_filter_threshold')"));
    exec("CREATE TABLE fact (k BIGINT PRIMARY KEY, test_code VARCHAR, score_id BIGINT, d DATE, v1 DOUBLE, v2 DOUBLE, v3 INTEGER, note VARCHAR)");
    exec("INSERT INTO fact SELECT range, 'T' || (range % 500)::VARCHAR, range // 500, DATE '2020-01-01' + (range % 1000)::INT, random(), random(), (range % 7)::INT, 'n' FROM range(" + ROWS + ") ORDER BY hash(range)");
    if ("file".equals(mode)) exec("CHECKPOINT");
    exec("CREATE TABLE stg AS SELECT * FROM fact LIMIT 0");      // new rows, filled by appender
    exec("CREATE TABLE stg_del (k BIGINT)");                      // keys to replace/delete, filled by appender
    exec("CREATE TABLE rollup (test_code VARCHAR PRIMARY KEY, s DOUBLE, n BIGINT)");
    exec("INSERT INTO rollup SELECT test_code, sum(v1), count(*) FROM fact GROUP BY ALL");
    for (int batch = 0; batch < 6; batch++) {
      long[] keys = randomKeys(batchKeys, ROWS);
      exec("DELETE FROM stg"); exec("DELETE FROM stg_del");
      try (DuckDBAppender a1 = ((DuckDBConnection) c).createAppender("main", "stg_del");
           DuckDBAppender a2 = ((DuckDBConnection) c).createAppender("main", "stg")) {
        for (long k : keys) {
          a1.beginRow(); a1.append(k); a1.endRow();
          a2.beginRow(); a2.append(k); a2.append("T" + (k % 500)); a2.append(k / 500); a2.append(java.time.LocalDate.of(2021, 1, 1));
          a2.append(1.0); a2.append(2.0); a2.append(3); a2.append("new"); a2.endRow();
        }
      }
      long t0 = System.nanoTime();
      exec("BEGIN");
      // 1+2: read old rows and delete them in one statement, keep them in a temp table for the rollup delta
      exec("CREATE OR REPLACE TEMP TABLE old_rows AS SELECT * FROM fact LIMIT 0");
      long t1 = System.nanoTime();
      int del = s.executeUpdate("WITH del AS (DELETE FROM fact USING stg_del d WHERE fact.k = d.k RETURNING fact.*) INSERT INTO old_rows SELECT * FROM del");
      long t2 = System.nanoTime();
      int ins = s.executeUpdate("INSERT INTO fact SELECT * FROM stg");
      long t3 = System.nanoTime();
      exec("INSERT INTO rollup SELECT test_code, sum(ds), sum(dn) FROM ("
          + " SELECT test_code, -v1 AS ds, -1 AS dn FROM old_rows UNION ALL SELECT test_code, v1, 1 FROM stg) GROUP BY ALL"
          + " ON CONFLICT DO UPDATE SET s = s + excluded.s, n = n + excluded.n");
      exec("COMMIT");
      long t4 = System.nanoTime();
      String chk = one("SELECT (SELECT sum(n) FROM rollup) = (SELECT count(*) FROM fact) AND abs((SELECT sum(s) FROM rollup) - (SELECT sum(v1) FROM fact)) < 1e-6");
      System.out.printf("batch %d: delete-returning %d rows %.1f ms, insert %d rows %.1f ms, rollup+commit %.1f ms, total %.1f ms, rollup consistent=%s%n",
          batch, del, (t2 - t1) / 1e6, ins, (t3 - t2) / 1e6, (t4 - t3) / 1e6, (t4 - t0) / 1e6, chk);
      if (batch == 0) {
        System.out.println("  plan of the delete: " + plan("DELETE FROM fact USING stg_del d WHERE fact.k = d.k RETURNING fact.*", null, "fact"));
        System.out.println("  plan of the CTE   : " + plan("WITH del AS (DELETE FROM fact USING stg_del d WHERE fact.k = d.k RETURNING fact.*) INSERT INTO old_rows SELECT * FROM del", null, "fact"));
      }
    }
    if ("file".equals(mode)) {
      c.close();
      c = DriverManager.getConnection("jdbc:duckdb:" + Paths.get(System.getProperty("java.io.tmpdir"), "recipe.duckdb")); s = c.createStatement();
      System.out.println("after reopen: rows=" + one("SELECT count(*) FROM fact") + " distinct k=" + one("SELECT count(DISTINCT k) FROM fact"));
      tryDo("after reopen, duplicate INSERT must fail", "INSERT INTO fact SELECT * FROM fact LIMIT 1");
      tryDo("after reopen, BEGIN; DELETE; INSERT same key; COMMIT", "BEGIN", "CREATE TEMP TABLE x AS SELECT * FROM fact LIMIT 5", "DELETE FROM fact WHERE k IN (SELECT k FROM x)", "INSERT INTO fact SELECT * FROM x", "COMMIT");
    }
    c.close();
  }

  public static void main(String[] args) throws Exception {
    String sec = args.length > 0 ? args[0] : "settings";
    if (System.getenv("ROWS") != null) ROWS = Integer.parseInt(System.getenv("ROWS"));
    String db = System.getenv().getOrDefault("DB", "mem");   // DB=file -> on-disk database, CHECKPOINTed after build
    if (!sec.equals("pk") && !sec.equals("load") && !sec.equals("recipe")) { c = open(db, "probe_" + sec); s = c.createStatement(); }
    if (s != null) System.out.println("# " + sec + " db=" + db + " rows=" + ROWS + " duckdb " + one("SELECT version()"));
    long t0 = System.nanoTime();
    switch (sec) {
      case "settings": settings(); break;
      case "forms": {
        int[] sizes = {10, 100, 1000, 10000};
        if (args.length > 2) sizes = Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt).toArray();
        forms(args.length > 1 ? args[1] : "default", sizes); break;
      }
      case "sweep": sweep(); break;
      case "dyncost": dyncost(); break;
      case "scale": scale(args.length > 1 ? Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray() : new int[]{500, 2000, 5000, 10000}); break;
      case "inlist": inlist(); break;
      case "returning": returning(); break;
      case "pk": pk(args.length > 1 ? args[1] : "mem"); break;
      case "load": load(args.length > 1 ? args[1] : "none", args.length > 2 ? args[2] : "mem"); break;
      case "gotchas": gotchas(); break;
      case "composite": composite(); break;
      case "recipe": recipe(args.length > 1 ? args[1] : "mem", args.length > 2 ? args[2] : "tuned", args.length > 3 ? Integer.parseInt(args[3]) : 10_000); break;
      default: throw new IllegalArgumentException(sec);
    }
    System.out.printf("# section %s done in %.1f s%n", sec, (System.nanoTime() - t0) / 1e9);
  }
}
