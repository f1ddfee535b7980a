package org.satit.api.embed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URISyntaxException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.duckdb.DuckDBConnection;
import org.satit.api.ApiError;
import org.satit.api.dashboards.DimensionValues;
import org.satit.warehouse.NamedSql;
import org.satit.warehouse.query.Principal;

/**
 * Where satit's charts are embedded, kept in the warehouse ({@code embed_site}, {@code embed_grant}; V017): the sites an
 * admin marked internal (staff intranets, the only places a chart that is not public may be embedded), and every embed
 * grant (one chart, its parameters locked, for one site, seen as its grantor, until a date) with who revoked it. Held
 * in memory as well, so that an embedded chart's request reads no table; every change is written through at once.
 */
public final class EmbedRegistry {

  /** A website, as an admin marked it. */
  public record Site(String origin, boolean internal, String note, String markedBy, Instant markedAt) {
  }

  /** An embed grant. */
  public record Grant(String id, String chart, Map<String, String> params, String origin, Principal grantor,
                      Instant grantedAt, Instant refreshUntil, Instant revokedAt, String revokedBy) {
    public boolean revoked() {
      return revokedAt != null;
    }
  }

  private static final NamedSql SQL = NamedSql.load("satit/api/embed_registry.sql");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final DuckDBConnection connection;
  private final Clock clock;
  private final Map<String, Site> sites = new TreeMap<>();
  private final Map<String, Grant> grants = new LinkedHashMap<>();

  public EmbedRegistry(DuckDBConnection warehouse, Clock clock) throws SQLException {
    this.connection = (DuckDBConnection) warehouse.duplicate();
    this.clock = clock;
    try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(SQL.get("sites"))) {
      while (rs.next()) {
        Site s = new Site(rs.getString(1), rs.getBoolean(2), rs.getString(3), rs.getString(4), instant(rs, 5));
        sites.put(s.origin(), s);
      }
    }
    try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(SQL.get("grants"))) {
      while (rs.next()) {
        Grant g = new Grant(rs.getString(1), rs.getString(2), params(rs.getString(3)), rs.getString(4),
            new Principal(rs.getString(5), org.satit.warehouse.query.Role.of(rs.getString(6)), rs.getString(7)),
            instant(rs, 8), instant(rs, 9), instant(rs, 10), rs.getString(11));
        grants.put(g.id(), g);
      }
    }
  }

  /**
   * An origin as browsers send it ({@code scheme://host[:port]}, lower case, no path); 400 for anything else. An admin
   * types it, a district user picks it: both are checked here.
   */
  public static String origin(String text) {
    if (text == null || text.isBlank() || text.length() > 200) {
      throw ApiError.badRequest("a site is its address: scheme://host[:port], e.g. https://intranet.esa5003.go.th");
    }
    try {
      URI u = new URI(text.strip());
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      boolean bare = (u.getRawPath() == null || u.getRawPath().isEmpty() || u.getRawPath().equals("/"))
          && u.getRawQuery() == null && u.getRawFragment() == null && u.getRawUserInfo() == null;
      if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null || !bare
          || !u.getHost().matches("[A-Za-z0-9.-]+")) {
        throw ApiError.badRequest("site '" + DimensionValues.abbreviate(text) + "' must be scheme://host[:port]"
            + " with no path, e.g. https://intranet.esa5003.go.th");
      }
      int port = u.getPort();
      boolean usual = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
      return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + (usual ? "" : ":" + port);
    } catch (URISyntaxException e) {
      throw ApiError.badRequest("site '" + DimensionValues.abbreviate(text) + "' is not an address: scheme://host[:port]");
    }
  }

  public synchronized List<Site> sites() {
    return List.copyOf(sites.values());
  }

  public synchronized boolean internal(String origin) {
    Site s = sites.get(origin);
    return s != null && s.internal();
  }

  /** The sites marked internal, for the embed dialog and the embeds' frame-ancestors. */
  public synchronized List<String> internalOrigins() {
    return sites.values().stream().filter(Site::internal).map(Site::origin).toList();
  }

  /** An admin marks a site internal (or public again); returns the site as now recorded. */
  public synchronized Site mark(String origin, boolean internal, String note, String admin) {
    String o = origin(origin);
    if (note != null && note.length() > 200) {
      throw ApiError.badRequest("note: at most 200 characters");
    }
    Site s = new Site(o, internal, note == null || note.isBlank() ? null : note.strip(), admin, now());
    try (PreparedStatement ps = connection.prepareStatement(SQL.get("mark_site"))) {
      ps.setString(1, s.origin());
      ps.setBoolean(2, s.internal());
      ps.setString(3, s.note());
      ps.setString(4, s.markedBy());
      ps.setObject(5, LocalDateTime.ofInstant(s.markedAt(), ZoneOffset.UTC));
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("recording embed site " + o + ": " + e.getMessage(), e);
    }
    sites.put(o, s);
    return s;
  }

  public synchronized List<Grant> grants() {
    return List.copyOf(new ArrayList<>(grants.values()));
  }

  public synchronized Optional<Grant> grant(String id) {
    return Optional.ofNullable(id == null ? null : grants.get(id));
  }

  /** Records a new grant; returns it with its id. */
  public synchronized Grant add(String chart, Map<String, String> params, String origin, Principal grantor,
                                Instant refreshUntil) {
    Grant g = new Grant(UUID.randomUUID().toString(), chart, Map.copyOf(new TreeMap<>(params)), origin, grantor, now(),
        refreshUntil, null, null);
    try (PreparedStatement ps = connection.prepareStatement(SQL.get("add_grant"))) {
      ps.setString(1, g.id());
      ps.setString(2, g.chart());
      ps.setString(3, JSON.writeValueAsString(new TreeMap<>(g.params())));
      ps.setString(4, g.origin());
      ps.setString(5, grantor.name());
      ps.setString(6, grantor.role().id());
      ps.setString(7, grantor.esaCode());
      ps.setObject(8, LocalDateTime.ofInstant(g.grantedAt(), ZoneOffset.UTC));
      ps.setObject(9, LocalDateTime.ofInstant(g.refreshUntil(), ZoneOffset.UTC));
      ps.executeUpdate();
    } catch (SQLException | JsonProcessingException e) {
      throw new IllegalStateException("recording an embed grant: " + e.getMessage(), e);
    }
    grants.put(g.id(), g);
    return g;
  }

  /** Revokes a grant (its tokens and their renewal are refused from now on); 404 for an unknown one. */
  public synchronized Grant revoke(String id, String admin) {
    Grant g = grants.get(id);
    if (g == null) {
      throw ApiError.notFound("no embed grant '" + DimensionValues.abbreviate(String.valueOf(id)) + "'");
    }
    if (g.revoked()) {
      return g;
    }
    Instant at = now();
    try (PreparedStatement ps = connection.prepareStatement(SQL.get("revoke_grant"))) {
      ps.setObject(1, LocalDateTime.ofInstant(at, ZoneOffset.UTC));
      ps.setString(2, admin);
      ps.setString(3, id);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("revoking embed grant " + id + ": " + e.getMessage(), e);
    }
    Grant r = new Grant(g.id(), g.chart(), g.params(), g.origin(), g.grantor(), g.grantedAt(), g.refreshUntil(), at,
        admin);
    grants.put(id, r);
    return r;
  }

  public synchronized void close() throws SQLException {
    connection.close();
  }

  private Instant now() {
    return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    LocalDateTime t = rs.getObject(column, LocalDateTime.class);
    return t == null ? null : t.toInstant(ZoneOffset.UTC);
  }

  private static Map<String, String> params(String json) {
    try {
      return Map.copyOf(JSON.readValue(json, new TypeReference<TreeMap<String, String>>() { }));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("embed grant parameters: " + e.getMessage(), e);
    }
  }
}
