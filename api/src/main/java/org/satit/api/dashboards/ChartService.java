package org.satit.api.dashboards;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import org.satit.api.ApiError;
import org.satit.warehouse.semantic.Dimension;
import org.satit.warehouse.query.Principal;
import org.satit.warehouse.query.Role;
import org.satit.warehouse.semantic.AccessDeniedException;
import org.satit.warehouse.semantic.CompiledQuery;
import org.satit.warehouse.semantic.Dataset;
import org.satit.warehouse.semantic.InvalidQueryException;
import org.satit.warehouse.semantic.Label;
import org.satit.warehouse.semantic.SemanticLayer;
import org.satit.warehouse.semantic.SemanticQuery;

/**
 * Answers a chart for a principal: checks the request's parameters against the chart's definition and
 * the dimension values, fills in defaults, asks the semantic layer, and caches the answer by the version
 * of the warehouse tables it reads (so a busy page does not query again until its data changed).
 */
public final class ChartService {

  /**
   * A chart's data as the front end's templates read it; {@code release}: for a chart that reads the public release,
   * which release it shows (the pages say "results as of" its date), else null.
   */
  public record ChartData(String chart, String template, Label title, Map<String, Object> encode,
                          Map<String, String> params, long version, String updatedAt,
                          List<CompiledQuery.Column> columns, List<List<Object>> rows,
                          Map<String, Map<String, Label>> labels, Compared compare, Release release) {
  }

  /** The public release a chart shows: its id, when it was made, and the schedule of the releases. */
  public record Release(long id, String releasedAt, String schedule) {
  }

  /** The table the public release is written to: a chart reading it shows a release. */
  static final String RELEASED_TABLE = "published_score_cell";

  /** The comparison rows of a chart that has one (e.g. the school itself next to similar schools). */
  public record Compared(Label label, List<List<Object>> rows) {
  }


  private final Definitions definitions;
  private final DimensionValues dimensions;
  private final SemanticLayer semantic;
  private final TableVersions versions;
  private final Cache<String, ChartData> cache;
  private final java.util.function.Supplier<java.util.Optional<Release>> releases;

  /** {@code releases}: the public release now published (empty before the first). */
  public ChartService(Definitions definitions, DimensionValues dimensions, SemanticLayer semantic,
                      TableVersions versions, java.util.function.Supplier<java.util.Optional<Release>> releases) {
    this.releases = releases;
    this.definitions = definitions;
    this.dimensions = dimensions;
    this.semantic = semantic;
    this.versions = versions;
    this.cache = Caffeine.newBuilder().maximumSize(20_000).recordStats().build();
  }

  public Cache<String, ChartData> cache() {
    return cache;
  }

  /** The chart's definition whoever asks; 404 for an unknown chart. */
  public ChartDefinition definition(String id) {
    ChartDefinition c = id == null ? null : definitions.charts().get(id);
    if (c == null) {
      throw ApiError.notFound("unknown chart '" + DimensionValues.abbreviate(String.valueOf(id)) + "'");
    }
    return c;
  }

  /** The chart's definition if the principal may see it. */
  public ChartDefinition chart(Principal principal, String id) {
    ChartDefinition c = definition(id);
    if (!c.visibleTo(principal.role())) {
      throw ApiError.notFor(principal, "see chart " + id);
    }
    return c;
  }

  /** The chart's data for the request's query parameters (each at most once; only those the chart takes). */
  public ChartData data(Principal principal, String id, Map<String, List<String>> request) {
    ChartDefinition chart = chart(principal, id);
    Map<String, Dimension.Member> bound = bind(principal, chart.params(), request);
    Map<String, String> params = new TreeMap<>();
    bound.forEach((k, v) -> params.put(k, v.value()));
    Dataset dataset = semantic.model().dataset(chart.query().dataset());
    TableVersions.Change change = versions.lastChangeOf(dataset.reads());
    String key = chart.id() + "|" + principal.scope() + "|" + change.version() + "|" + params;
    return cache.get(key, k -> answer(principal, chart, bound, params, change));
  }

  /** Checks and completes the parameters, in the chart's order (parents before children). */
  public Map<String, Dimension.Member> bind(Principal principal, List<String> names, Map<String, List<String>> request) {
    for (var e : request.entrySet()) {
      if (!names.contains(e.getKey())) {
        throw ApiError.badRequest("unknown parameter '" + DimensionValues.abbreviate(e.getKey()) + "'"
            + (names.isEmpty() ? ": this takes none" : "; it takes " + String.join(", ", names)));
      }
      if (e.getValue().size() != 1) {
        throw ApiError.badRequest("parameter " + e.getKey() + " given " + e.getValue().size() + " times");
      }
    }
    Map<String, Dimension.Member> bound = new LinkedHashMap<>();
    Map<String, String> plain = new LinkedHashMap<>();
    for (String name : names) {
      List<String> raw = request.get(name);
      String value;
      if (raw != null) {
        value = dimensions.checkForm(name, raw.get(0));
      } else {
        value = principal.role() == Role.DISTRICT && name.equals("esa") ? principal.esaCode()
            : dimensions.defaultValue(principal, name, plain);
        if (value == null) {
          throw ApiError.badRequest("parameter " + name + " is needed");
        }
      }
      Dimension.Member v = dimensions.require(principal, name, value, plain);
      bound.put(name, v);
      plain.put(name, v.value());
    }
    return bound;
  }

  private ChartData answer(Principal principal, ChartDefinition chart, Map<String, Dimension.Member> bound,
                           Map<String, String> params, TableVersions.Change change) {
    ChartDefinition.QueryTemplate q = chart.query();
    try {
      SemanticLayer.Answer main = semantic.ask(principal, new SemanticQuery(q.dataset(), q.measures(), q.groupBy(),
          filters(q.filters(), bound), q.orderBy(), q.limit()));
      Compared compare = null;
      if (chart.compare() != null) {
        SemanticLayer.Answer other = semantic.ask(principal, new SemanticQuery(q.dataset(), q.measures(), q.groupBy(),
            filters(chart.compare().filters(), bound), q.orderBy(), q.limit()));
        compare = new Compared(chart.compare().label(), other.rows());
      }
      Release release = semantic.model().dataset(q.dataset()).reads().contains(RELEASED_TABLE)
          ? releases.get().orElse(null) : null;
      return new ChartData(chart.id(), chart.template(), chart.title(), chart.encode(), params, change.version(),
          change.at().toString(), main.columns(), main.rows(), labels(principal, main), compare, release);
    } catch (AccessDeniedException e) {
      throw ApiError.forbidden(e.getMessage());
    } catch (InvalidQueryException e) {
      throw ApiError.badRequest(e.getMessage());
    } catch (SQLException e) {
      throw new IllegalStateException("chart " + chart.id() + ": " + e.getMessage(), e);
    }
  }

  private static Map<String, List<String>> filters(Map<String, String> template, Map<String, Dimension.Member> bound) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (var f : template.entrySet()) {
      String v = f.getValue();
      Matcher m = ChartDefinition.PARAM_REF.matcher(v);
      if (m.matches()) {
        Dimension.Member p = bound.get(m.group(1));
        v = m.group(2) == null ? p.value() : p.attributes().get(m.group(2));
        if (v == null) {
          throw ApiError.notFound(m.group(1) + " '" + p.value() + "' has no " + m.group(2));
        }
      }
      out.put(f.getKey(), List.of(v));
    }
    return out;
  }

  /** Labels of the grouped dimensions' values that appear in the rows. */
  private Map<String, Map<String, Label>> labels(Principal principal, SemanticLayer.Answer a) {
    Map<String, Map<String, Label>> out = new LinkedHashMap<>();
    for (int i = 0; i < a.columns().size(); i++) {
      CompiledQuery.Column c = a.columns().get(i);
      if (c.measure() || !dimensions.knows(c.name())) {
        continue;
      }
      Set<String> wanted = new HashSet<>();
      for (List<Object> row : a.rows()) {
        if (row.get(i) != null) {
          wanted.add(String.valueOf(row.get(i)));
        }
      }
      out.put(c.name(), dimensions.labels(principal, c.name(), wanted));
    }
    return out;
  }

  /** The parameter values a dashboard starts with for this principal (defaults in order). */
  public Map<String, String> defaults(Principal principal, List<String> names) {
    Map<String, String> out = new LinkedHashMap<>();
    for (var e : bind(principal, names, Map.of()).entrySet()) {
      out.put(e.getKey(), e.getValue().value());
    }
    return out;
  }

}
