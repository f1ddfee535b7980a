package org.satit.api.dashboards;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.satit.warehouse.query.Role;
import org.satit.warehouse.semantic.Label;
import org.satit.warehouse.semantic.SemanticQuery;

/**
 * One chart, as its definition file ({@code satit/charts/ID.yaml}) says: the question to the semantic
 * model with {@code $param} placeholders in its filters, the parameters a request may set, the
 * template that draws it, the roles that may see it, and how the template reads the columns
 * ({@code encode}). {@code compare} optionally asks the same measures again with other filters (the
 * school itself against similar schools) for the template to draw as a reference.
 */
public record ChartDefinition(String id, Label title, String template, Set<Role> roles, List<String> params,
                              QueryTemplate query, Compare compare, Map<String, Object> encode) {

  /** The templates written once in the front end (web/charts.js). */
  public static final Set<String> TEMPLATES = Set.of("trend", "bar_reference", "boxplot", "heatmap", "scatter_fit",
      "stacked_bands", "table");

  /** A filter value that names a parameter ({@code $school}) or one of its attributes ({@code $school.esa}). */
  public static final java.util.regex.Pattern PARAM_REF = java.util.regex.Pattern.compile("\\$([a-z_]+)(?:\\.([a-z_]+))?");

  /** A semantic query whose filter values may name parameters: {@code $school} or {@code $school.esa}. */
  public record QueryTemplate(String dataset, List<String> measures, List<String> groupBy, Map<String, String> filters,
                              List<SemanticQuery.Order> orderBy, Integer limit) {
  }

  public record Compare(Label label, Map<String, String> filters) {
  }

  public boolean visibleTo(Role role) {
    return roles.contains(role);
  }
}
