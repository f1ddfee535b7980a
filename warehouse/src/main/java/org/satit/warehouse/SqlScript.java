package org.satit.warehouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A .sql file from the classpath, split into statements. satit keeps its SQL in files; Java only
 * orchestrates. The format is deliberately plain: {@code --} comments run to the end of the line
 * and every statement ends with {@code ;} at the end of a line.
 *
 * <p>A statement may be guarded by the line {@code -- only if written: <table>} just before it: it runs only when the
 * last earlier statement of the same run that wrote that table (a scratch table the script fills) wrote a row, so a
 * batch that moved nothing does not pay for moving it. The guard must name a table an earlier statement writes.
 *
 * @param guards for a statement's index, the table it waits on
 */
public record SqlScript(String resource, List<String> statements, Map<Integer, String> guards) {

  private static final Pattern GUARD = Pattern.compile("^\\s*--\\s*only if written:\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*$");

  public SqlScript {
    statements = List.copyOf(statements);
    guards = Map.copyOf(guards);
    for (Map.Entry<Integer, String> g : guards.entrySet()) {
      if (statements.subList(0, g.getKey()).stream().noneMatch(sql -> target(sql).filter(g.getValue()::equals).isPresent())) {
        throw new IllegalArgumentException(resource + ": statement " + (g.getKey() + 1) + " is guarded by " + g.getValue()
            + ", which no earlier statement writes");
      }
    }
  }

  /**
   * The verb (group 1) and the table (group 2) an INSERT, UPDATE or DELETE statement writes; for a data-modifying
   * CTE ({@code WITH gone AS (DELETE FROM t … RETURNING …) INSERT INTO old …}) the CTE's, whose rows the
   * statement's count is.
   */
  private static final Pattern WRITE = Pattern.compile(
      "(?is)^(?:WITH\\s+\\w+\\s+AS\\s*\\(\\s*)?(INSERT\\s+(?:OR\\s+\\w+\\s+)?INTO|UPDATE|DELETE\\s+FROM)\\s+"
          + "(?:main\\.)?([A-Za-z_][A-Za-z0-9_]*)\\b.*");

  public static SqlScript load(String resource) {
    try (InputStream in = SqlScript.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("SQL resource not found on the classpath: " + resource);
      }
      return parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  static List<String> split(String text) {
    return parse("(text)", text).statements();
  }

  /**
   * The script's statements, in one pass over its lines, and which of them an {@code -- only if written:} line
   * guards (the line just before the statement, never inside one).
   */
  static SqlScript parse(String resource, String text) {
    List<String> statements = new ArrayList<>();
    Map<Integer, String> guards = new HashMap<>();
    StringBuilder current = new StringBuilder();
    String pending = null;
    for (String line : text.split("\n", -1)) {
      Matcher g = GUARD.matcher(line);
      if (g.matches()) {
        if (!current.isEmpty()) {
          throw new IllegalArgumentException(resource + ": a guard inside a statement: " + line.strip());
        }
        pending = g.group(1).toLowerCase(java.util.Locale.ROOT);
        continue;
      }
      int comment = line.indexOf("--");
      String code = (comment >= 0 ? line.substring(0, comment) : line).stripTrailing();
      if (code.isBlank()) {
        continue;
      }
      if (pending != null) {
        guards.put(statements.size(), pending);
        pending = null;
      }
      if (code.endsWith(";")) {
        current.append(code, 0, code.length() - 1);
        statements.add(current.toString().strip());
        current.setLength(0);
      } else {
        current.append(code).append('\n');
      }
    }
    if (!current.toString().isBlank()) {
      statements.add(current.toString().strip());
    }
    return new SqlScript(resource, statements, guards);
  }

  /** The table the statement writes, if it is an INSERT, UPDATE or DELETE. */
  static Optional<String> target(String statement) {
    Matcher m = WRITE.matcher(statement);
    return m.matches() ? Optional.of(m.group(2).toLowerCase(java.util.Locale.ROOT)) : Optional.empty();
  }

  /** Runs every statement in order on the connection (in its current transaction mode). */
  public void run(Connection connection) throws SQLException {
    apply(connection);
  }

  /**
   * Runs the script as {@link #run} does and returns the tables whose rows it changed: those its INSERT,
   * UPDATE and DELETE statements wrote at least one row of (or may have, when the driver does not say).
   */
  public Set<String> apply(Connection connection) throws SQLException {
    return apply(connection, (label, nanos) -> { });
  }

  /**
   * As {@link #apply(Connection)}, telling {@code timing} how long each statement took, by {@link #label}.
   */
  public Set<String> apply(Connection connection, java.util.function.ObjLongConsumer<String> timing) throws SQLException {
    Set<String> changed = new TreeSet<>();
    Map<String, Boolean> lastWrote = new HashMap<>(); // per table: did the last statement writing it write a row
    try (Statement statement = connection.createStatement()) {
      for (int i = 0; i < statements.size(); i++) {
        String sql = statements.get(i);
        String guard = guards.get(i);
        if (guard != null && !Boolean.TRUE.equals(lastWrote.get(guard))) {
          continue; // what it would move is empty in this run
        }
        long start = System.nanoTime();
        try {
          statement.execute(sql);
        } catch (SQLException e) {
          throw new SQLException(resource + ": " + e.getMessage() + "\n  in: " + firstLine(sql), e.getSQLState(), e);
        } finally {
          timing.accept(label(sql), System.nanoTime() - start);
        }
        Optional<String> table = target(sql);
        boolean wrote = statement.getUpdateCount() != 0;
        table.ifPresent(t -> lastWrote.put(t, wrote));
        if (table.isPresent() && wrote) {
          changed.add(table.get());
        }
      }
    }
    return changed;
  }

  /** A statement's short name: what it does to which table ("DELETE fact_test_score"), else its first word. */
  public static String label(String statement) {
    Matcher m = WRITE.matcher(statement.strip());
    if (m.matches()) {
      return m.group(1).split("\\s+", 2)[0].toUpperCase(java.util.Locale.ROOT) + " " + m.group(2).toLowerCase(java.util.Locale.ROOT);
    }
    return statement.strip().split("\\s+", 2)[0].toUpperCase(java.util.Locale.ROOT);
  }

  private static String firstLine(String sql) {
    int nl = sql.indexOf('\n');
    return nl < 0 ? sql : sql.substring(0, nl) + " …";
  }
}
