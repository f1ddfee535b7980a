package org.satit.warehouse.query;

import java.util.Locale;

/**
 * Who may read what. Enforced in the query layer: a connection of a role sees only that role's DuckDB
 * schema of views ({@code warehouse/query/role_views.sql}), so nothing above the role can be named.
 */
public enum Role {
  /** Only published, disclosure-protected numbers and harmless reference data. */
  PUBLIC("q_public"),
  /** Everything of one ESA, aggregates at ESA level and above elsewhere. */
  DISTRICT("q_district"),
  /** Pseudonymised micro-data of every ESA. */
  ANALYST("q_analyst"),
  /** What analysts see, plus the raw warehouse (schema {@code warehouse}). */
  ADMIN("q_analyst");

  private final String duckdbSchema;

  Role(String duckdbSchema) {
    this.duckdbSchema = duckdbSchema;
  }

  /** The DuckDB schema whose views this role reads. */
  public String duckdbSchema() {
    return duckdbSchema;
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code public}, {@code district}, {@code analyst} or {@code admin}. */
  public static Role of(String id) {
    for (Role r : values()) {
      if (r.id().equals(id)) {
        return r;
      }
    }
    throw new IllegalArgumentException("unknown role '" + id + "' (public, district, analyst, admin)");
  }
}
