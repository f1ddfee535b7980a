package org.satit.warehouse.semantic;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.satit.warehouse.query.Principal;

/**
 * Turns a {@link SemanticQuery} into SQL over the asking role's views. Every identifier in the SQL comes
 * from the model (never from the request); request values only become parameters, after a type check.
 * Refuses what would give a wrong number: an unknown name, a measure whose context is missing (a gap to
 * the ESA mean over several ESAs), grouping a published table.
 */
public final class QueryCompiler {

  public static final int MAX_ROWS = 100_000;
  private static final int MAX_FILTER_VALUES = 1_000;
  private static final int MAX_VALUE_LENGTH = 100;

  private final SemanticModel model;

  public QueryCompiler(SemanticModel model) {
    this.model = model;
  }

  public CompiledQuery compile(Principal principal, SemanticQuery q) {
    Dataset ds = model.dataset(q.dataset());
    if (!ds.roles().contains(principal.role())) {
      throw new AccessDeniedException("role " + principal.role().id() + " may not read dataset " + ds.name());
    }
    if (q.measures().isEmpty()) {
      throw new InvalidQueryException("ask for at least one measure of " + ds.name() + " (" + String.join(", ", ds.measures().keySet()) + ")");
    }
    List<String> groupBy = new ArrayList<>(new LinkedHashSet<>(q.groupBy()));
    groupBy.remove("nation"); // the whole table
    for (String d : groupBy) {
      checkDimension(ds, d);
    }
    List<Measure> measures = new ArrayList<>();
    for (String m : new LinkedHashSet<>(q.measures())) {
      Measure measure = ds.measures().get(m);
      if (measure == null) {
        throw new InvalidQueryException("unknown measure '" + m + "' of " + ds.name() + " (known: " + String.join(", ", ds.measures().keySet()) + ")");
      }
      measures.add(measure);
    }
    List<Object> params = new ArrayList<>();
    List<String> where = new ArrayList<>();
    Set<String> fixed = new LinkedHashSet<>(groupBy);
    for (Map.Entry<String, List<String>> f : q.filters().entrySet()) {
      Dimension d = checkDimension(ds, f.getKey());
      List<String> values = f.getValue();
      if (values == null || values.isEmpty() || values.size() > MAX_FILTER_VALUES) {
        throw new InvalidQueryException("filter " + d.name() + " needs 1 to " + MAX_FILTER_VALUES + " values");
      }
      for (String v : values) {
        params.add(typed(d, v));
      }
      where.add(d.column() + (values.size() == 1 ? " = ?" : " IN (" + "?, ".repeat(values.size() - 1) + "?)"));
      if (values.size() == 1) {
        fixed.add(d.name());
      }
    }
    for (Measure m : measures) {
      for (List<String> alternatives : m.requires()) {
        boolean met = alternatives.stream().flatMap(a -> model.selfAndFiner(a).stream()).anyMatch(fixed::contains);
        if (!met) {
          throw new InvalidQueryException("measure " + m.name() + " needs one " + String.join(" or ", alternatives)
              + " per row: group by it or filter it to one value");
        }
      }
    }
    if (!ds.aggregate() && q.measures().isEmpty()) {
      throw new InvalidQueryException("ask for at least one column");
    }
    List<String> select = new ArrayList<>();
    List<CompiledQuery.Column> columns = new ArrayList<>();
    for (String d : groupBy) {
      Dimension dim = model.dimensions().get(d);
      select.add(dim.column() + " AS \"" + d + "\"");
      columns.add(new CompiledQuery.Column(d, false, null, dim.label()));
    }
    for (Measure m : measures) {
      select.add("(" + m.sql() + ") AS \"" + m.name() + "\"");
      columns.add(new CompiledQuery.Column(m.name(), true, m.unit(), m.label()));
    }
    StringBuilder sql = new StringBuilder("SELECT ").append(String.join(", ", select)).append(" FROM ").append(ds.table());
    if (!where.isEmpty()) {
      sql.append(" WHERE ").append(String.join(" AND ", where));
    }
    if (ds.aggregate() && !groupBy.isEmpty()) {
      sql.append(" GROUP BY ").append(groupBy.stream().map(d -> model.dimensions().get(d).column()).collect(Collectors.joining(", ")));
    }
    List<String> order = new ArrayList<>();
    Set<String> names = columns.stream().map(CompiledQuery.Column::name).collect(Collectors.toSet());
    for (SemanticQuery.Order o : q.orderBy()) {
      if (!names.contains(o.field())) {
        throw new InvalidQueryException("cannot sort by '" + o.field() + "': sort by a grouped dimension or an asked measure");
      }
      order.add("\"" + o.field() + "\"" + (o.descending() ? " DESC" : ""));
    }
    if (order.isEmpty()) {
      groupBy.forEach(d -> order.add("\"" + d + "\""));
    }
    if (!order.isEmpty()) {
      sql.append(" ORDER BY ").append(String.join(", ", order));
    }
    int limit = q.limit() == null ? MAX_ROWS : q.limit();
    if (limit < 1 || limit > MAX_ROWS) {
      throw new InvalidQueryException("limit must be 1 to " + MAX_ROWS);
    }
    sql.append(" LIMIT ").append(limit);
    return new CompiledQuery(sql.toString(), List.copyOf(params), List.copyOf(columns));
  }

  private Dimension checkDimension(Dataset ds, String name) {
    if (!ds.dimensions().contains(name)) {
      throw new InvalidQueryException("unknown dimension '" + name + "' of " + ds.name() + " (known: " + String.join(", ", ds.dimensions()) + ")");
    }
    return model.dimensions().get(name);
  }

  private static Object typed(Dimension d, String value) {
    if (value == null || value.length() > MAX_VALUE_LENGTH) {
      throw new InvalidQueryException("value of " + d.name() + " missing or longer than " + MAX_VALUE_LENGTH + " characters");
    }
    if (d.type() == Dimension.Type.INTEGER) {
      try {
        return Integer.valueOf(value.strip());
      } catch (NumberFormatException e) {
        throw new InvalidQueryException(d.name() + " must be a whole number, got '" + value + "'");
      }
    }
    return value;
  }
}
