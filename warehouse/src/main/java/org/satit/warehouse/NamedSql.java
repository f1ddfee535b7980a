package org.satit.warehouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A .sql file of named statements: each starts after a line {@code -- name: <name>} and ends with
 * {@code ;}. Lets Java refer to SQL by name while the SQL itself stays in the file.
 */
public final class NamedSql {

  private final String resource;
  private final Map<String, String> statements;

  private NamedSql(String resource, Map<String, String> statements) {
    this.resource = resource;
    this.statements = statements;
  }

  public static NamedSql load(String resource) {
    try (InputStream in = NamedSql.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("SQL resource not found on the classpath: " + resource);
      }
      return new NamedSql(resource, parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, String> parse(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    String name = null;
    StringBuilder body = new StringBuilder();
    for (String line : (text + "\n-- name: \n").split("\n")) {
      String trimmed = line.strip();
      if (trimmed.startsWith("-- name:")) {
        if (name != null && !body.toString().isBlank()) {
          out.put(name, SqlScript.split(body.toString()).get(0));
        }
        name = trimmed.substring("-- name:".length()).strip();
        body.setLength(0);
      } else if (name != null) {
        body.append(line).append('\n');
      }
    }
    return out;
  }

  /** The statements' names, in file order. */
  public java.util.Set<String> names() {
    return java.util.Collections.unmodifiableSet(statements.keySet());
  }

  public String get(String name) {
    String sql = statements.get(name);
    if (sql == null) {
      throw new IllegalArgumentException("no statement '" + name + "' in " + resource);
    }
    return sql;
  }
}
