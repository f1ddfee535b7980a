package org.satit.warehouse;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SQL written with named parameters ({@code :school}) turned into positional JDBC parameters: every
 * {@code :name} becomes {@code ?} and its value is listed in order (a name used twice, twice). A
 * PostgreSQL cast ({@code ::int}) is not a parameter.
 */
public final class NamedParameters {

  private static final Pattern PARAMETER = Pattern.compile("(?<![:\\w]):([a-z][a-z0-9_]*)");

  /** SQL with positional parameters. */
  public record Bound(String sql, List<Object> parameters) {
  }

  private NamedParameters() {
  }

  /** The names the SQL uses, in order of first use. */
  public static Set<String> names(String sql) {
    Set<String> out = new LinkedHashSet<>();
    Matcher m = PARAMETER.matcher(sql);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /** Binds every name; a name without a value is an error. */
  public static Bound bind(String sql, Map<String, ?> values) {
    Matcher m = PARAMETER.matcher(sql);
    StringBuilder out = new StringBuilder();
    List<Object> params = new ArrayList<>();
    while (m.find()) {
      if (!values.containsKey(m.group(1))) {
        throw new IllegalArgumentException("unknown parameter :" + m.group(1) + " in " + sql);
      }
      params.add(values.get(m.group(1)));
      m.appendReplacement(out, "?");
    }
    m.appendTail(out);
    return new Bound(out.toString(), java.util.Collections.unmodifiableList(params)); // values may be null
  }
}
