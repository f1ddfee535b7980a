package org.satit.warehouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A .sql file from the classpath, split into statements. satit keeps its SQL in files; Java only
 * orchestrates. The format is deliberately plain: {@code --} comments run to the end of the line
 * and every statement ends with {@code ;} at the end of a line.
 */
public record SqlScript(String resource, List<String> statements) {

  public static SqlScript load(String resource) {
    try (InputStream in = SqlScript.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("SQL resource not found on the classpath: " + resource);
      }
      return new SqlScript(resource, split(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  static List<String> split(String text) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      int comment = line.indexOf("--");
      String code = (comment >= 0 ? line.substring(0, comment) : line).stripTrailing();
      if (code.isBlank()) {
        continue;
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
    return List.copyOf(statements);
  }

  /** Runs every statement in order on the connection (in its current transaction mode). */
  public void run(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        try {
          statement.execute(sql);
        } catch (SQLException e) {
          throw new SQLException(resource + ": " + e.getMessage() + "\n  in: " + firstLine(sql), e.getSQLState(), e);
        }
      }
    }
  }

  private static String firstLine(String sql) {
    int nl = sql.indexOf('\n');
    return nl < 0 ? sql : sql.substring(0, nl) + " …";
  }
}
